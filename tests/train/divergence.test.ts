// Checks the divergence rule on hand-picked objectives: non-finite, at and just above 10⁶ x the initial
// objective, and an initial objective of 0 (no multiple of it bounds anything).
import { expect, it } from 'vitest';
import { DIVERGENCE_FACTOR, hasDiverged } from '../../src/train/divergence.js';

it('is 10⁶, as the README says', () => {
  expect(DIVERGENCE_FACTOR).toBe(1e6);
});

it('flags a non-finite objective whatever the initial one', () => {
  for (const initial of [0, 0.5, Infinity]) {
    expect(hasDiverged(NaN, initial)).toBe(true);
    expect(hasDiverged(Infinity, initial)).toBe(true);
    expect(hasDiverged(-Infinity, initial)).toBe(true);
  }
});

it('flags an objective above 10⁶ x the initial one, not one at it', () => {
  expect(hasDiverged(2e6, 2)).toBe(false);
  // 2000000.125 is the next float32 above 2e6 (spacing 2^(20 - 23) for 2^20 <= 2e6 < 2^21).
  expect(hasDiverged(Math.fround(2000000.125), 2)).toBe(true);
  expect(hasDiverged(3, 2)).toBe(false);
});

it('bounds nothing finite when the initial objective is 0', () => {
  expect(hasDiverged(1e30, 0)).toBe(false);
  expect(hasDiverged(0, 0)).toBe(false);
});

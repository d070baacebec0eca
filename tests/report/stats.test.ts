// Seed statistics against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { mean, median, sampleStd } from '../../src/report/stats.js';

describe('seed statistics', () => {
  it('mean and sample std (n − 1) of 2, 4, 4, 4, 5, 5, 7, 9', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    // Mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; s = sqrt(32/7).
    expect(mean(xs)).toBe(5);
    expect(sampleStd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('has no std for one seed', () => {
    expect(sampleStd([0.3])).toBeNull();
  });

  it('takes the middle value, or the mean of the two middle values, and counts an unreached time as infinite', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // Two of three seeds never reached the target: the median time is infinite.
    expect(median([20, Infinity, Infinity])).toBe(Infinity);
    expect(median([20, 40, Infinity])).toBe(40);
  });
});

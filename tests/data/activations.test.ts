// The float64 activations against reference values: erf and Φ from tables (Abramowitz & Stegun,
// table 7.1 and 26.1, to 10 digits), the others from their definitions.
import { describe, expect, it } from 'vitest';
import { activate, erf } from '../../src/data/activations.js';

describe('erf', () => {
  it('matches the tabulated values to within the approximation error 1.5e-7', () => {
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160],
      [0.5, 0.5204998778],
      [1, 0.8427007929],
      [1.5, 0.9661051465],
      [2, 0.9953222650],
      [3, 0.9999779095],
    ];
    for (const [x, value] of table) {
      expect(Math.abs(erf(x) - value), `erf(${x})`).toBeLessThan(1.5e-7);
      expect(Math.abs(erf(-x) + value), `erf(${-x})`).toBeLessThan(1.5e-7);
    }
  });
});

describe('activate', () => {
  it('computes relu, tanh and linear by their definitions', () => {
    expect([-2, 0, 3].map((z) => activate('relu', z))).toEqual([0, 0, 3]);
    expect(activate('tanh', 0.5)).toBeCloseTo(0.46211715726, 10);
    expect(activate('linear', -1.25)).toBe(-1.25);
    expect(Math.abs(activate('erf', 1) - 0.8427007929)).toBeLessThan(1.5e-7);
  });

  it('computes the exact gelu z Φ(z)', () => {
    // Φ(1) = 0.8413447461, Φ(-1) = 0.1586552539, Φ(2) = 0.9772498681 (standard normal table).
    expect(Math.abs(activate('gelu', 1) - 0.8413447461)).toBeLessThan(1e-7);
    expect(Math.abs(activate('gelu', -1) + 0.1586552539)).toBeLessThan(1e-7);
    expect(Math.abs(activate('gelu', 2) - 2 * 0.9772498681)).toBeLessThan(2e-7);
    expect(activate('gelu', 0)).toBe(0);
  });
});

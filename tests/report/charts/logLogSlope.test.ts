// The log-log least-squares slope against slopes worked out by hand.
import { describe, expect, it } from 'vitest';
import { logLogSlope } from '../../../src/report/charts/logLogSlope.js';

describe('logLogSlope', () => {
  it('is the exponent of an exact power law', () => {
    // y = 3 x^−0.5: log y = log 3 − 0.5 log x.
    expect(logLogSlope([1, 4, 16, 64].map((x) => ({ x, y: 3 * x ** -0.5 })))).toBeCloseTo(-0.5, 12);
  });

  it('is the least-squares slope through scattered points', () => {
    // x = 1, 2, 4: u = log10 x = 0, d, 2d (d = log10 2), centred −d, 0, d. The slope Σ(u−ū)(v−v̄) / Σ(u−ū)² is then
    // d (v3 − v1) / (2 d²) = (log10 0.3 − log10 1) / (2 log10 2) = log2(0.3) / 2 = −1.736966 / 2 = −0.868483,
    // whatever y at x = 2 is (here 0.5, off the line).
    expect(logLogSlope([{ x: 1, y: 1 }, { x: 2, y: 0.5 }, { x: 4, y: 0.3 }])).toBeCloseTo(-0.868483, 5);
  });

  it('leaves out points that have no logarithm and needs two distinct x', () => {
    expect(logLogSlope([{ x: 1, y: 1 }, { x: 10, y: 10 }, { x: 0, y: 5 }, { x: 100, y: 0 }])).toBeCloseTo(1, 12);
    expect(logLogSlope([{ x: 2, y: 1 }, { x: 2, y: 3 }])).toBeNull();
  });
});

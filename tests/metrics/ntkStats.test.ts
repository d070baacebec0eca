// Checks the kernel statistics of ntk.csv against values computed by hand on 2 x 2 and 3 x 3 kernels.
import { describe, expect, it } from 'vitest';
import { kernelStats } from '../../src/metrics/ntkStats.js';

const kernel = (rows: number[][]) => Float64Array.from(rows.flat());

describe('kernelStats', () => {
  it('on a 2 x 2 kernel against the identity', () => {
    // Kt = [[2, 1], [1, 2]], K0 = I: Kt − K0 = [[1, 1], [1, 1]], ||·||_F = 2, ||K0||_F = √2 → √2;
    // <Kt, K0> = 4, ||Kt||_F = √10 → 4 / (√10 √2) = 2/√5; tr = 4; eigenvalues 2 ± 1.
    const stats = kernelStats(kernel([[2, 1], [1, 2]]), kernel([[1, 0], [0, 1]]));
    expect(stats.kernel_rel_change).toBeCloseTo(Math.SQRT2, 12);
    expect(stats.kernel_alignment).toBeCloseTo(2 / Math.sqrt(5), 12);
    expect(stats.ntk_trace).toBe(4);
    expect(stats.ntk_lambda_max).toBeCloseTo(3, 12);
    expect(stats.ntk_lambda_min).toBeCloseTo(1, 12);
  });

  it('on a 3 x 3 kernel against twice itself', () => {
    // The second-difference matrix has eigenvalues 2 − 2 cos(kπ/4), k = 1, 2, 3: 2 − √2, 2, 2 + √2.
    // K0 = 2 Kt: ||Kt − K0|| / ||K0|| = ||Kt|| / (2 ||Kt||) = 1/2, and the alignment of parallel kernels is 1.
    const Kt = kernel([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]);
    const stats = kernelStats(Kt, Kt.map((v) => 2 * v));
    expect(stats.kernel_rel_change).toBeCloseTo(0.5, 12);
    expect(stats.kernel_alignment).toBeCloseTo(1, 12);
    expect(stats.ntk_trace).toBe(6);
    expect(stats.ntk_lambda_max).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(stats.ntk_lambda_min).toBeCloseTo(2 - Math.SQRT2, 12);
  });

  it('symmetrizes a kernel that float32 rounding left slightly asymmetric', () => {
    // (K + Kᵀ)/2 = [[2, 1], [1, 2]]: eigenvalues 3 and 1.
    const stats = kernelStats(kernel([[2, 1.001], [0.999, 2]]), kernel([[2, 1], [1, 2]]));
    expect(stats.ntk_lambda_max).toBeCloseTo(3, 12);
    expect(stats.ntk_lambda_min).toBeCloseTo(1, 12);
  });

  it('measures the change absolutely when the initial kernel is zero, and has no alignment then', () => {
    // ||[[3, 0], [0, 4]]||_F = 5.
    const stats = kernelStats(kernel([[3, 0], [0, 4]]), kernel([[0, 0], [0, 0]]));
    expect(stats.kernel_rel_change).toBe(5);
    expect(stats.kernel_alignment).toBeNaN();
  });

  it('refuses kernels of different or non-square sizes', () => {
    expect(() => kernelStats(new Float64Array(4), new Float64Array(9))).toThrow(/size/);
    expect(() => kernelStats(new Float64Array(3), new Float64Array(3))).toThrow(/P x P/);
  });
});

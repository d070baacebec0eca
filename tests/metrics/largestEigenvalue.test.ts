// Checks Lanczos's λ_max against closed forms and against ml-matrix's full symmetric eigendecomposition.
import { EigenvalueDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/rng.js';
import { largestEigenvalue } from '../../src/metrics/largestEigenvalue.js';

/** n x n row-major from an entry function. */
function matrix(n: number, entry: (i: number, j: number) => number): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = entry(i, j);
  return A;
}

/** Q diag(values) Qᵀ with Q the orthogonal factor of a Gaussian matrix (QR by ml-matrix). */
function withSpectrum(values: number[], seed: number): Float64Array {
  const n = values.length;
  const G = new Matrix(n, n);
  const draws = new Rng(seed, 'test').normals(n * n, 1);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G.set(i, j, draws[i * n + j]);
  const Q = new QrDecomposition(G).orthogonalMatrix;
  const A = Q.mmul(Matrix.diag(values)).mmul(Q.transpose());
  return matrix(n, (i, j) => A.get(i, j));
}

describe('largestEigenvalue', () => {
  it('of the second-difference matrix is 2 - 2 cos(nπ/(n+1))', () => {
    const n = 50;
    const A = matrix(n, (i, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0));
    expect(largestEigenvalue(A, n)).toBeCloseTo(2 - 2 * Math.cos((n * Math.PI) / (n + 1)), 12);
  });

  it('of the all-ones matrix is n, of -I is -1, of 0 is 0, of a 1 x 1 matrix its entry', () => {
    expect(largestEigenvalue(matrix(40, () => 1), 40)).toBeCloseTo(40, 12);
    expect(largestEigenvalue(matrix(7, (i, j) => (i === j ? -1 : 0)), 7)).toBeCloseTo(-1, 12);
    expect(largestEigenvalue(new Float64Array(9), 3)).toBe(0);
    expect(largestEigenvalue(Float64Array.of(2.5), 1)).toBe(2.5);
  });

  it('equals the full eigendecomposition on a Gram matrix, with a nearly repeated top eigenvalue, and on an indefinite matrix', () => {
    const n = 60;
    const draws = new Rng(3, 'test').normals(n * 20, 1);
    const gram = matrix(n, (i, j) => {
      let sum = 0;
      for (let k = 0; k < 20; k++) sum += draws[i * 20 + k] * draws[j * 20 + k];
      return sum;
    });
    const spectrum = Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 3);
    spectrum[7] = 10;
    spectrum[21] = 10 - 1e-9;
    for (const A of [gram, withSpectrum(spectrum, 5)]) {
      const reference = new EigenvalueDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)))), { assumeSymmetric: true });
      const expected = Math.max(...reference.realEigenvalues);
      expect(Math.abs(largestEigenvalue(A, n) - expected) / expected).toBeLessThan(1e-12);
    }
  });

  it('symmetrizes: the λ_max of (A + Aᵀ)/2, for a float32 kernel symmetric only up to rounding', () => {
    // [[1, 2], [0, 1]] has (A + Aᵀ)/2 = [[1, 1], [1, 1]], eigenvalues 0 and 2 (A's own are 1, 1).
    expect(largestEigenvalue(Float64Array.of(1, 2, 0, 1), 2)).toBeCloseTo(2, 12);
  });
});

// Lanczos' top eigenvalue against matrices whose spectrum is known by construction: Q diag(λ) Qᵀ for a
// Householder Q, including one whose eigenvalue of largest magnitude is negative (the top one is not it), and a
// matrix of rank 2 whose Krylov space closes after two steps while another run's goes on.
import { expect, it, describe } from 'vitest';
import { Rng } from '../../src/lib/rng.js';
import { lanczosTopEigen, type BatchedOperator } from '../../src/metrics/lanczos.js';

/** Q diag(values) Qᵀ with Q = I − 2 u uᵀ (u a random unit vector): symmetric, eigenvalues `values`. */
function withSpectrum(values: number[], seed: number): number[][] {
  const n = values.length;
  const u = new Rng(seed, 'lanczos-test').normals(n);
  const norm = Math.hypot(...u);
  const Q = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - (2 * u[i] * u[j]) / norm ** 2));
  return Q.map((_, i) => Q.map((_, j) => values.reduce((s, lambda, k) => s + Q[i][k] * lambda * Q[j][k], 0)));
}

const operatorOf = (matrices: number[][][]): BatchedOperator => (vectors) =>
  vectors.map((v, r) => Float64Array.from(matrices[r].map((row) => row.reduce((s, m, j) => s + m * v[j], 0))));

describe('lanczosTopEigen', () => {
  it('finds the largest eigenvalue (not the largest in magnitude) of each operator, and a unit eigenvector', () => {
    const spectra = [
      Array.from({ length: 60 }, (_, i) => 1 + i / 10),
      [-50, ...Array.from({ length: 59 }, (_, i) => 3 - i / 20)],
    ];
    const matrices = spectra.map((values, r) => withSpectrum(values, r));
    const start = spectra.map((_, r) => new Rng(r, 'start').normals(60));
    const top = lanczosTopEigen(operatorOf(matrices), start, 30);
    expect(top[0].value).toBeCloseTo(6.9, 6);
    expect(top[1].value).toBeCloseTo(3, 6);
    top.forEach(({ vector }, r) => {
      expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
      const Av = matrices[r].map((row) => row.reduce((s, m, j) => s + m * vector[j], 0));
      expect(Math.hypot(...Av.map((a, i) => a - top[r].value * vector[i]))).toBeLessThan(1e-3);
    });
  });

  it('stops a run whose Krylov space closes (rank 2) with its exact top eigenvalue while the other goes on', () => {
    const lowRank = withSpectrum([5, 2, ...new Array(18).fill(0)], 3);
    const full = withSpectrum(Array.from({ length: 20 }, (_, i) => i + 1), 4);
    let calls = 0;
    const counting: BatchedOperator = (vectors) => {
      calls++;
      return operatorOf([lowRank, full])(vectors);
    };
    const top = lanczosTopEigen(counting, [new Rng(1, 's').normals(20), new Rng(2, 's').normals(20)], 20);
    expect(top[0].value).toBeCloseTo(5, 10);
    expect(top[1].value).toBeCloseTo(20, 8);
    expect(calls).toBe(20);
  });

  it('returns NaN for an operator whose products are not finite', () => {
    const top = lanczosTopEigen(() => [Float64Array.from([Number.NaN, 1])], [Float64Array.from([1, 1])], 5);
    expect(top[0].value).toBeNaN();
  });
});

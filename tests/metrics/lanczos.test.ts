// Lanczos' top eigenvalue against matrices whose spectrum is known by construction: Q diag(λ) Qᵀ for a
// Householder Q, including one whose eigenvalue of largest magnitude is negative (the top one is not it), and a
// matrix of rank 2 whose Krylov space closes after two steps while another run's goes on.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { Rng } from '../../src/lib/rng.js';
import { lanczosTopEigen, type BatchedOperator } from '../../src/metrics/lanczos.js';
import { describeEachBackend } from '../helpers/backends.js';

/** Q diag(values) Qᵀ with Q = I − 2 u uᵀ (u a random unit vector): symmetric, eigenvalues `values`. */
function withSpectrum(values: number[], seed: number): number[][] {
  const n = values.length;
  const u = new Rng(seed, 'lanczos-test').normals(n);
  const norm = Math.hypot(...u);
  const Q = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - (2 * u[i] * u[j]) / norm ** 2));
  return Q.map((_, i) => Q.map((_, j) => values.reduce((s, lambda, k) => s + Q[i][k] * lambda * Q[j][k], 0)));
}

/** Run r's row times its symmetric matrix: one batched product. */
const operatorOf = (matrices: number[][][]): BatchedOperator => {
  const A = tf.tensor3d(matrices);
  return (v) => tf.squeeze(tf.matMul(tf.expandDims(v, 1), A), [1]) as tf.Tensor2D;
};

const starts = (K: number, n: number) => tf.tensor2d(Array.from({ length: K }, (_, r) => Array.from(new Rng(r, 'start').normals(n))));

describeEachBackend('lanczosTopEigen', () => {
  it('finds the largest eigenvalue (not the largest in magnitude) of each operator, and a unit eigenvector', () => {
    const spectra = [Array.from({ length: 60 }, (_, i) => 1 + i / 10), [-50, ...Array.from({ length: 59 }, (_, i) => 3 - i / 20)]];
    const matrices = spectra.map((values, r) => withSpectrum(values, r));
    tf.tidy(() => {
      const top = lanczosTopEigen(operatorOf(matrices), starts(2, 60), 30);
      expect(top.values[0]).toBeCloseTo(6.9, 4);
      expect(top.values[1]).toBeCloseTo(3, 4);
      const vectors = top.vectors.arraySync();
      vectors.forEach((vector, r) => {
        expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
        const Av = matrices[r].map((row) => row.reduce((s, m, j) => s + m * vector[j], 0));
        expect(Math.hypot(...Av.map((a, i) => a - top.values[r] * vector[i]))).toBeLessThan(1e-2);
      });
    });
  });

  it('stops a run whose Krylov space closes (rank 2) with its exact top eigenvalue while the other goes on', () => {
    const lowRank = withSpectrum([5, 2, ...new Array(18).fill(0)], 3);
    const full = withSpectrum(Array.from({ length: 20 }, (_, i) => i + 1), 4);
    let calls = 0;
    const operator = operatorOf([lowRank, full]);
    tf.tidy(() => {
      const top = lanczosTopEigen((v) => (calls++, operator(v)), starts(2, 20), 20);
      expect(top.values[0]).toBeCloseTo(5, 4);
      expect(top.values[1]).toBeCloseTo(20, 4);
      expect(calls).toBe(20);
      expect(top.vectors.arraySync().flat().every(Number.isFinite)).toBe(true);
    });
  });

  it('returns NaN for an operator whose products are not finite, and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const top = tf.tidy(() => {
      const result = lanczosTopEigen((v) => tf.mul(v, Number.NaN) as tf.Tensor2D, tf.ones([1, 2]), 5);
      return result.values;
    });
    expect(top[0]).toBeNaN();
    expect(tf.memory().numTensors).toBe(before);
  });
});

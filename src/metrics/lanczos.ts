// The largest eigenvalue of K symmetric operators at once by the Lanczos method with full reorthogonalisation
// (Golub & Van Loan §10.1; what scipy's eigsh and PyHessian's density estimate run). Per operator product it
// converges far faster than power iteration (whose error shrinks as (λ2/λ1)^k, with λ2/λ1 near 1 in a network's
// Hessian), and it finds the largest eigenvalue, not the largest in magnitude. The Krylov vectors stay on the
// backend as [K, n] float32 rows, so the reorthogonalisation is two batched matrix products per step (on the
// host, a 200,000-parameter network's took longer than its Hessian-vector products); only the K alphas and
// betas of each step come back, and the small tridiagonal eigenproblem is solved in float64 on the host.
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Run r's row of the output is operator r applied to its row of the input: [K, n] -> [K, n], one batched product. */
export type BatchedOperator = (vectors: tf.Tensor2D) => tf.Tensor2D;

/** The top eigenpair estimates of K operators. */
export interface TopEigen {
  /** Per run, the largest Ritz value: the top eigenvalue of the m x m tridiagonal T of its m-step Krylov basis; NaN for a non-finite operator. */
  values: number[];
  /** The Ritz vectors, unit rows [K, n]: a warm start for the next measurement. Made in the caller's tf.tidy. */
  vectors: tf.Tensor2D;
}

/**
 * The largest eigenvalue of each of K symmetric operators by `steps` Lanczos steps (one batched product each)
 * from the starting rows `start` [K, n] (nonzero). A run whose Krylov space closes early (an invariant subspace:
 * beta = 0 to rounding) stops there, its Ritz value then exact; the others go on. Call inside a tf.tidy.
 */
export function lanczosTopEigen(operator: BatchedOperator, start: tf.Tensor2D, steps: number): TopEigen {
  const K = start.shape[0];
  const basis: tf.Tensor2D[] = [tf.tidy(() => tf.div(start, tf.norm(start, 'euclidean', 1, true)))];
  const alphas: number[][] = Array.from({ length: K }, () => []);
  const betas: number[][] = Array.from({ length: K }, () => []);
  const open = new Array<boolean>(K).fill(true);
  for (let j = 0; j < steps && open.some(Boolean); j++) {
    const q = basis[j];
    const { alpha, beta, next } = tf.tidy(() => {
      let w = operator(q);
      const alpha = tf.sum(tf.mul(q, w), 1, true);
      // The three-term recurrence, then every basis vector's remaining component subtracted once (full
      // reorthogonalisation, as PyHessian's Lanczos): the basis stays orthogonal in floating point, so no
      // spurious copies of converged eigenvalues appear.
      w = tf.sub(w, tf.mul(alpha, q));
      if (j > 0) w = tf.sub(w, tf.mul(tf.tensor2d(betas.map((b) => [b[j - 1] ?? 0]), [K, 1]), basis[j - 1]));
      const Q = tf.stack(basis, 1) as tf.Tensor3D;
      const components = tf.matMul(Q, tf.expandDims(w, 2));
      w = tf.sub(w, tf.squeeze(tf.matMul(Q, components, true, false), [2]));
      const beta = tf.norm(w, 'euclidean', 1, true);
      // A closed run's next rows are zeros, so nothing of its residual (rounding, or NaN) reaches its Ritz vector.
      const stillOpen = tf.tensor2d(open.map((o) => [o ? 1 : 0]), [K, 1]);
      return { alpha, beta, next: tf.mul(tf.div(w, tf.maximum(beta, 1e-30)), stillOpen) as tf.Tensor2D };
    });
    const [a, b] = [alpha.dataSync(), beta.dataSync()];
    tf.dispose([alpha, beta]);
    for (let r = 0; r < K; r++) {
      if (!open[r]) continue;
      alphas[r].push(a[r]);
      const scale = Math.max(...alphas[r].map(Math.abs), ...betas[r]);
      if (j === steps - 1 || !(b[r] > 1e-6 * scale)) open[r] = false;
      else betas[r].push(b[r]);
    }
    if (j === steps - 1 || !open.some(Boolean)) next.dispose();
    else basis.push(next);
  }
  const ritz = alphas.map((a, r) => topRitzPair(a, betas[r]));
  const vectors = tf.tidy(() => {
    const m = basis.length;
    // Run r's Ritz vector is sum_i y_r[i] q_i over its own m_r <= m basis vectors (zeros pad the rest).
    const y = tf.tensor3d(ritz.map(({ vector }) => [Array.from({ length: m }, (_, i) => vector[i] ?? 0)]), [K, 1, m]);
    const combined = tf.squeeze(tf.matMul(y, tf.stack(basis, 1) as tf.Tensor3D), [1]);
    return tf.div(combined, tf.maximum(tf.norm(combined, 'euclidean', 1, true), 1e-30)) as tf.Tensor2D;
  });
  tf.dispose(basis);
  return { values: ritz.map(({ value }) => value), vectors };
}

/**
 * The largest eigenvalue of the tridiagonal matrix (alphas on the diagonal, betas beside it) and its eigenvector:
 * Lanczos' Ritz value and the Ritz vector's coordinates in the Krylov basis (largestEigenvalue.ts reads it too).
 */
export function topRitzPair(alphas: number[], betas: number[]): { value: number; vector: number[] } {
  // A diverged run's products are not finite: there is no eigenvalue to find (and the eigensolver would not end).
  if (![...alphas, ...betas].every(Number.isFinite)) return { value: Number.NaN, vector: [1] };
  const m = alphas.length;
  const T = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) {
    T.set(i, i, alphas[i]);
    if (i + 1 < m) {
      T.set(i, i + 1, betas[i]);
      T.set(i + 1, i, betas[i]);
    }
  }
  const eig = new EigenvalueDecomposition(T, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  let top = 0;
  for (let i = 1; i < m; i++) if (values[i] > values[top]) top = i;
  return { value: values[top], vector: Array.from({ length: m }, (_, i) => eig.eigenvectorMatrix.get(i, top)) };
}

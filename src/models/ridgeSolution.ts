// The closed-form minimiser of the ridge objective (SPEC.md §4) on a training set, in float64:
// the reference that a trained `ridge` (or, with λ = 0, `linear`) model is compared against.
//
// Objective (SPEC.md §4), X: [n, d], Y: [n, o], 1: the n-vector of ones:
//   L(W, b) = (1 / (n o)) ‖X W + 1 b − Y‖_F² + λ ‖W‖_F²        (bias not penalised, no ½)
// ∂L/∂b = (2 / (n o)) 1ᵀ(X W + 1 b − Y) = 0   ⇒  b = ȳ − x̄ W    (x̄, ȳ: column means)
// Substituting b, the residual is X_c W − Y_c with X_c = X − 1 x̄, Y_c = Y − 1 ȳ, and since
// X_cᵀ 1 = 0 the weight condition can use X_c in place of X:
// ∂L/∂W = (2 / (n o)) X_cᵀ(X_c W − Y_c) + 2 λ W = 0   ⇒  (X_cᵀX_c + n o λ I) W = X_cᵀ Y_c.
// With the thin SVD X_c = P diag(σ) Qᵀ this is W = Q diag(σ_k / (σ_k² + n o λ)) Pᵀ Y_c, which never
// forms X_cᵀX_c (that would square the condition number) and, for λ = 0, gives the minimum-norm
// least-squares solution when X_c is rank deficient (σ_k treated as 0 below a numpy-style cutoff).
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Dataset } from '../data/types.js';
import { perDatasetCache } from '../lib/perDatasetCache.js';

/** The ridge minimiser and the objective it attains on the training set. */
export interface RidgeSolution {
  /** Weights, row-major [d, o]. */
  W: Float64Array;
  /** Bias, [o]. */
  b: Float64Array;
  /** mse + λ ‖W‖_F² on the training set at (W, b). */
  objective: number;
}

/**
 * argmin over (W, b) of mse + λ ‖W‖_F² on `data`'s training set (λ = 0: minimum-norm least squares), computed once
 * per data and λ (the directions probe and every ridge run's record ask for the same optimum).
 */
export const ridgeSolution = perDatasetCache(solveRidge);

function solveRidge(data: Dataset, lambda: number): RidgeSolution {
  requireRegression(data);
  if (!(lambda >= 0)) throw new Error(`ridge lambda must be >= 0, got ${lambda}`);
  const { nTrain: n, dim: d, outputs: o } = data;
  const xMean = columnMeans(data.xTrain, n, d);
  const yMean = columnMeans(data.yTrain, n, o);
  const xc = centred(data.xTrain, n, d, xMean);
  const yc = centred(data.yTrain, n, o, yMean);

  const svd = new SingularValueDecomposition(xc, { autoTranspose: true });
  const P = svd.leftSingularVectors;
  const Q = svd.rightSingularVectors;
  const sigma = svd.diagonal;
  // Singular values below max(n, d) · ε · σ_max are rounding noise of an exact zero (numpy.linalg.lstsq's cutoff).
  const cutoff = Math.max(n, d) * Number.EPSILON * Math.max(0, ...sigma);
  const shrink = sigma.map((s) => (s > cutoff ? s / (s * s + n * o * lambda) : 0));
  const W = Q.mmul(Matrix.diag(shrink)).mmul(P.transpose().mmul(yc));

  const w = Float64Array.from(W.to1DArray());
  const b = new Float64Array(o);
  for (let j = 0; j < o; j++) {
    let xw = 0;
    for (let k = 0; k < d; k++) xw += xMean[k] * w[k * o + j];
    b[j] = yMean[j] - xw;
  }
  return { W: w, b, objective: objectiveAt(data, lambda, w, b) };
}

/** mse + λ ‖W‖_F² on the training set, in float64, for W row-major [d, o] and b [o]. */
export function objectiveAt(data: Dataset, lambda: number, W: ArrayLike<number>, b: ArrayLike<number>): number {
  requireRegression(data);
  const { nTrain: n, dim: d, outputs: o } = data;
  let squaredError = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < o; j++) {
      let f = b[j];
      for (let k = 0; k < d; k++) f += data.xTrain[i * d + k] * W[k * o + j];
      const r = f - data.yTrain[i * o + j];
      squaredError += r * r;
    }
  }
  let weightNorm2 = 0;
  for (let k = 0; k < d * o; k++) weightNorm2 += W[k] * W[k];
  return squaredError / (n * o) + lambda * weightNorm2;
}

/** Frobenius distance ‖W1 − W2‖_F of two equally shaped weight arrays. */
export function weightDistance(W1: ArrayLike<number>, W2: ArrayLike<number>): number {
  if (W1.length !== W2.length) throw new Error(`weightDistance: sizes differ (${W1.length} vs ${W2.length})`);
  let sum = 0;
  for (let k = 0; k < W1.length; k++) sum += (W1[k] - W2[k]) ** 2;
  return Math.sqrt(sum);
}

function requireRegression(data: Dataset): void {
  if (data.task !== 'regression') throw new Error('the ridge solution needs a regression dataset (real-valued targets)');
}

function columnMeans(values: Float32Array, rows: number, cols: number): Float64Array {
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += values[i * cols + j];
  return mean.map((m) => m / rows);
}

function centred(values: Float32Array, rows: number, cols: number, mean: Float64Array): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, values[i * cols + j] - mean[j]);
  return m;
}

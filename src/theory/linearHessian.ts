// The Hessian of a linear (or ridge) model's training objective in closed form, with its eigen-directions: the
// curvature that sets GD's rate along each direction and its largest stable learning rate (lecture 4).
//
// Objective (SPEC §4), θ = [W; b] per output column, Ã = [X, 1] (the bias as the design's column of ones):
//   L(W, b) = (1 / (n o)) ‖Ã θ − Y‖_F² + λ ‖W‖_F²
// is quadratic, so its Hessian is the same everywhere and acts on every output column alike:
//   H = (2 / (n o)) (ÃᵀÃ + n o λ E),   E = diag(1, …, 1, 0)   (the bias is not penalised)
//     = (2 / (n o)) BᵀB,               B = [Ã; √(n o λ) [I_d, 0]]   (ridge as least squares on extra rows)
// The eigenvectors of H are the right singular vectors of B and its eigenvalues λ_k = 2 σ_k² / (n o) with σ_k
// B's singular values, so one SVD of B (never forming BᵀB, which would square its condition number) gives both.
// For λ = 0, B = Ã and σ_k are the singular values of the design with its column of ones.
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Dataset } from '../data/types.js';
import { perDatasetCache } from '../lib/perDatasetCache.js';

/** The eigen-directions of H, by descending eigenvalue. Read-only (shared by every caller). */
export interface LinearHessian {
  /** σ_k: the singular values of the augmented design B above, descending, length d + 1. */
  sigma: Float64Array;
  /** λ_k = 2 σ_k² / (n o): H's eigenvalues, descending. */
  eigenvalues: Float64Array;
  /** Eigenvectors, row-major [d + 1, d + 1]: column k belongs to λ_k; rows 0..d−1 weigh W's rows, row d the bias. */
  vectors: Float64Array;
}

/** H of the linear (λ = 0) or ridge (λ > 0) objective on `data`'s training set, in float64 (computed once per data and λ). */
export const linearHessian = perDatasetCache(decompose);

/** λ_max(H): the curvature of the objective's sharpest direction, which bounds every stable learning rate. */
export function linearHessianLambdaMax(data: Dataset, lambda: number): number {
  return linearHessian(data, lambda).eigenvalues[0];
}

function decompose(data: Dataset, lambda: number): LinearHessian {
  if (!(lambda >= 0)) throw new Error(`ridge lambda must be >= 0, got ${lambda}`);
  const { nTrain: n, dim: d, outputs: o } = data;
  const extraRows = lambda > 0 ? d : 0;
  // Zero rows leave BᵀB alone; they keep B at least as tall as wide, so the SVD returns all d + 1 directions.
  const B = new Matrix(Math.max(n + extraRows, d + 1), d + 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) B.set(i, j, data.xTrain[i * d + j]);
    B.set(i, d, 1);
  }
  const penaltyRow = Math.sqrt(n * o * lambda);
  for (let j = 0; j < extraRows; j++) B.set(n + j, j, penaltyRow);
  const svd = new SingularValueDecomposition(B, { computeLeftSingularVectors: false, autoTranspose: true });
  const order = svd.diagonal.map((s, k) => [s, k] as const).sort((a, b) => b[0] - a[0]);
  const V = svd.rightSingularVectors;
  const size = d + 1;
  const vectors = new Float64Array(size * size);
  order.forEach(([, k], col) => {
    for (let row = 0; row < size; row++) vectors[row * size + col] = V.get(row, k);
  });
  const sigma = Float64Array.from(order.map(([s]) => s));
  return { sigma, eigenvalues: sigma.map((s) => (2 * s * s) / (n * o)), vectors };
}

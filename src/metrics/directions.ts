// The SVD view of linear regression (lecture 4): the weight error split along the right singular
// directions of the training design, where GD's error along v_k shrinks by (1 - 2 eta sigma_k^2 / n) per step.
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Dataset } from '../data/types.js';

/** Singular values (descending) and right singular vectors (columns of V, row-major d x d) of X. */
export interface DesignDirections {
  sigma: Float64Array;
  V: Float64Array;
}

/** Each dataset's directions, computed once: every cohort of linear runs on it measures along them. Read-only. */
const computed = new WeakMap<Dataset, DesignDirections>();

/** SVD of the training design X [n, d], in float64. */
export function designDirections(data: Dataset): DesignDirections {
  if (!computed.has(data)) computed.set(data, svdDirections(data));
  return computed.get(data)!;
}

function svdDirections(data: Dataset): DesignDirections {
  const X = new Matrix(data.nTrain, data.dim);
  for (let i = 0; i < data.nTrain; i++) for (let j = 0; j < data.dim; j++) X.set(i, j, data.xTrain[i * data.dim + j]);
  const svd = new SingularValueDecomposition(X, { computeLeftSingularVectors: false, autoTranspose: true });
  const order = svd.diagonal.map((s, k) => [s, k] as const).sort((a, b) => b[0] - a[0]);
  const V = svd.rightSingularVectors;
  const d = data.dim;
  const out = new Float64Array(d * d);
  order.forEach(([, k], col) => {
    for (let row = 0; row < d; row++) out[row * d + col] = V.get(row, k);
  });
  return { sigma: Float64Array.from(order.map(([s]) => s)), V: out };
}

/**
 * Error of W along each right singular direction: e_k = ||v_kᵀ (W - W*)||, W and W* row-major [d, o].
 */
export function directionErrors(directions: DesignDirections, W: ArrayLike<number>, wStar: ArrayLike<number>, outputs: number): Float64Array {
  const d = directions.sigma.length;
  const errors = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let squared = 0;
    for (let c = 0; c < outputs; c++) {
      let projection = 0;
      for (let j = 0; j < d; j++) projection += directions.V[j * d + k] * (W[j * outputs + c] - wStar[j * outputs + c]);
      squared += projection * projection;
    }
    errors[k] = Math.sqrt(squared);
  }
  return errors;
}

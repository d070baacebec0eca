// The `linear-regression` dataset: a training design whose singular values are exactly a chosen
// geometric spread, targets from a random true weight vector plus Gaussian noise.
//
// Definition (SPEC.md §2, §5), with n = n_train, d = dim, κ = condition:
//   s_k = κ^((d−1−k)/(d−1)), k = 0..d−1   (descending from κ to 1; d = 1 gives s = [1])
//   X   = U diag(s) Vᵀ                    U: n×d with orthonormal columns, V: d×d orthogonal, both the
//                                          Q factor of a Gaussian matrix (Haar-distributed), so the
//                                          singular values of the training matrix itself are exactly s
//   x   = z diag(s) Vᵀ / √n,  z ~ N(0, I_d)  each test row: a Gaussian with the population covariance
//                                          XᵀX / n = V diag(s²) Vᵀ / n of the training rows
//   w*  ~ N(0, c² I_d),  c² = n / Σ_k s_k²   so that E‖x w*‖² = c² tr(XᵀX / n) = 1: noiseless targets have
//                                          unit mean square whatever d and κ, and `noise` reads as the
//                                          noise-to-signal ratio in standard deviations
//   y   = x w* + noise · ε,  ε ~ N(0, 1)   one output, no bias in the truth
// Each random quantity has its own Rng stream of cfg.seed, so changing n_test, say, never changes
// the training set. Maths is float64; only the stored Dataset is float32. Standardization is not
// applied here (loadDataset applies it), so σ, V and w* always describe the raw design.
import { Matrix, QrDecomposition } from 'ml-matrix';
import type { LinearRegressionData } from '../config/types.js';
import { Rng } from '../lib/rng.js';
import type { Dataset } from './types.js';

/** The generated dataset and the ground truth that metrics compare a trained model against. */
export interface LinearRegressionProblem {
  dataset: Dataset;
  /** σ_k of the raw training design X, descending, length d. */
  singularValues: Float64Array;
  /** V, row-major [d, d]: column k is the right singular vector of X for σ_k. */
  rightSingularVectors: Float64Array;
  /** The true weights w*, length d (the truth has no bias). */
  wStar: Float64Array;
}

/** The `linear-regression` dataset of SPEC.md §5 (not standardized: see loadDataset). */
export function makeLinearRegression(cfg: LinearRegressionData): Dataset {
  return makeLinearRegressionProblem(cfg).dataset;
}

/** The `linear-regression` dataset together with its singular values, right singular vectors and w*. */
export function makeLinearRegressionProblem(cfg: LinearRegressionData): LinearRegressionProblem {
  const { n_train: n, n_test: nTest, dim: d, condition, noise, seed } = cfg;
  if (!(Number.isInteger(d) && d >= 1)) throw new Error(`linear-regression: dim must be an integer >= 1, got ${d}`);
  if (!(Number.isInteger(n) && n >= d)) {
    throw new Error(`linear-regression: n_train (${n}) must be an integer >= dim (${d}) for X to have ${d} nonzero singular values`);
  }
  if (!(condition >= 1)) throw new Error(`linear-regression: condition must be >= 1, got ${condition}`);

  const s = geometricSpread(d, condition);
  const U = orthonormalColumns(new Rng(seed, 'linear-regression/U'), n, d);
  const V = orthonormalColumns(new Rng(seed, 'linear-regression/V'), d, d);
  // Rows of diag(s) Vᵀ: every design row is a combination of them.
  const SVt = Matrix.diag(Array.from(s)).mmul(V.transpose());
  const xTrain = U.mmul(SVt);

  const wScale = Math.sqrt(n / s.reduce((sum, sk) => sum + sk * sk, 0));
  const wStar = new Rng(seed, 'linear-regression/w_star').normals(d, wScale);

  const z = new Matrix(nTest, d);
  const testRng = new Rng(seed, 'linear-regression/test_x');
  for (let i = 0; i < nTest; i++) for (let k = 0; k < d; k++) z.set(i, k, testRng.normal());
  const xTest = z.mmul(SVt).div(Math.sqrt(n));

  const yTrain = noisyTargets(xTrain, wStar, noise, new Rng(seed, 'linear-regression/train_noise'));
  const yTest = noisyTargets(xTest, wStar, noise, new Rng(seed, 'linear-regression/test_noise'));

  return {
    dataset: {
      task: 'regression',
      dim: d,
      outputs: 1,
      nTrain: n,
      nTest,
      xTrain: Float32Array.from(xTrain.to1DArray()),
      yTrain: Float32Array.from(yTrain),
      xTest: Float32Array.from(xTest.to1DArray()),
      yTest: Float32Array.from(yTest),
      featureNames: Array.from({ length: d }, (_, k) => `x${k}`),
    },
    singularValues: s,
    rightSingularVectors: Float64Array.from(V.to1DArray()),
    wStar,
  };
}

/** s_k = κ^((d−1−k)/(d−1)): d values from κ down to 1, equally spaced in log scale. */
function geometricSpread(d: number, condition: number): Float64Array {
  const s = new Float64Array(d);
  for (let k = 0; k < d; k++) s[k] = d === 1 ? 1 : condition ** ((d - 1 - k) / (d - 1));
  return s;
}

/**
 * A rows×cols matrix with orthonormal columns drawn uniformly (Haar): the Q of a Gaussian matrix's QR,
 * with each column's sign flipped to make diag(R) positive — without that fix Q would inherit the
 * sign convention of the Householder reflections instead of being uniformly distributed.
 */
function orthonormalColumns(rng: Rng, rows: number, cols: number): Matrix {
  const g = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) g.set(i, k, rng.normal());
  const qr = new QrDecomposition(g);
  const q = qr.orthogonalMatrix;
  const r = qr.upperTriangularMatrix;
  for (let k = 0; k < cols; k++) {
    if (r.get(k, k) < 0) for (let i = 0; i < rows; i++) q.set(i, k, -q.get(i, k));
  }
  return q;
}

/** y_i = x_i w* + noise · ε_i. */
function noisyTargets(x: Matrix, wStar: Float64Array, noise: number, rng: Rng): Float64Array {
  const y = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let dot = 0;
    for (let k = 0; k < x.columns; k++) dot += x.get(i, k) * wStar[k];
    y[i] = dot + noise * rng.normal();
  }
  return y;
}

// Z-scoring of feature columns with the training set's statistics (SPEC.md §5 `standardize: true`).
import type { Dataset } from './types.js';

/** Per-feature mean and population standard deviation (ddof 0) of the training rows. */
export interface FeatureStatistics {
  mean: Float64Array;
  std: Float64Array;
}

/** Mean and population std of each feature column of row-major [n, d] data, in float64. */
export function featureStatistics(x: Float32Array, n: number, d: number): FeatureStatistics {
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  // Two passes (mean first, then squared deviations) avoid the cancellation of E[x²] − E[x]².
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dev = x[i * d + j] - mean[j];
      std[j] += dev * dev;
    }
  }
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / n);
  return { mean, std };
}

/**
 * A copy of `data` whose features are (x − mean) / std with the training set's mean and population
 * std, applied alike to train and test rows (so the test set is not seen when fitting them).
 * A constant training column (std 0) is only centred: dividing by 0 would make it NaN, and a column
 * that carries no information is best left at 0. Targets are untouched (SPEC.md §5).
 */
export function standardize(data: Dataset): Dataset {
  const { mean, std } = featureStatistics(data.xTrain, data.nTrain, data.dim);
  const scale = std.map((sd) => (sd > 0 ? 1 / sd : 1));
  const rescale = (x: Float32Array): Float32Array => {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const j = i % data.dim;
      out[i] = (x[i] - mean[j]) * scale[j];
    }
    return out;
  };
  return {
    ...data,
    xTrain: rescale(data.xTrain),
    yTrain: data.yTrain.slice(),
    xTest: rescale(data.xTest),
    yTest: data.yTest.slice(),
    featureNames: [...data.featureNames],
  };
}

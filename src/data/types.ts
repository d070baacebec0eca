// A loaded dataset: dense float32 matrices shared by every run of an experiment.

export interface Dataset {
  /** regression: y holds `outputs` real targets per row; classification: y holds one integer label per row. */
  task: 'regression' | 'classification';
  /** Number of input features d. */
  dim: number;
  /** Model output size: target columns for regression, classes for classification. */
  outputs: number;
  nTrain: number;
  nTest: number;
  /** Row-major [nTrain, dim]. */
  xTrain: Float32Array;
  /** Row-major [nTrain, outputs] (regression) or [nTrain] labels (classification). */
  yTrain: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
  /** Feature names (CSV header, or x0..x{d-1}). */
  featureNames: string[];
}

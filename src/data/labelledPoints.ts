// What the synthetic classification datasets (moons, spirals, blobs) share: class sizes, evenly
// spaced curve parameters, and storage of labelled points as a shuffled float32 Dataset.
import type { Rng } from '../lib/rng.js';
import type { Dataset } from './types.js';

/** Points in float64, row-major [labels.length, dim], and each one's class. */
export interface LabelledPoints {
  x: Float64Array;
  labels: Int32Array;
}

/** n examples spread over `classes` as evenly as possible, the first n mod classes one larger (as make_blobs). */
export function classSizes(n: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, c) => Math.floor(n / classes) + (c < n % classes ? 1 : 0));
}

/** `count` evenly spaced values from start to stop inclusive (numpy.linspace; [start] when count is 1). */
export function linspace(start: number, stop: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => (count === 1 ? start : start + ((stop - start) * k) / (count - 1)));
}

/**
 * The points as float32 rows and labels, in the order of a permutation drawn from `order`: the
 * generators produce them class by class, and NTK metrics take the first rows, which must mix classes.
 */
export function shuffledRows(points: LabelledPoints, dim: number, order: Rng): { x: Float32Array; y: Float32Array } {
  const n = points.labels.length;
  const permutation = order.permutation(n);
  const x = new Float32Array(n * dim);
  const y = new Float32Array(n);
  permutation.forEach((source, i) => {
    for (let j = 0; j < dim; j++) x[i * dim + j] = points.x[source * dim + j];
    y[i] = points.labels[source];
  });
  return { x, y };
}

/** A classification Dataset of `classes` classes from shuffled train and test rows. */
export function classificationDataset(
  dim: number,
  classes: number,
  train: { x: Float32Array; y: Float32Array },
  test: { x: Float32Array; y: Float32Array },
): Dataset {
  return {
    task: 'classification',
    dim,
    outputs: classes,
    nTrain: train.y.length,
    nTest: test.y.length,
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    featureNames: Array.from({ length: dim }, (_, j) => `x${j}`),
  };
}

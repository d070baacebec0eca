// Per-run minibatch order and the cohort's minibatches: each epoch is a fresh permutation of the training
// set drawn from the run's seed, cut into batches of B; the last n mod B examples of an epoch are dropped
// (drop_last), so every batch of every run has the same shape and a cohort stays one computation.
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config/types.js';
import { Rng } from '../lib/rng.js';

/** Examples per update: the whole training set of n examples for batch_size "full". */
export function batchRows(batchSize: TrainConfig['batch_size'], nTrain: number): number {
  return batchSize === 'full' ? nTrain : batchSize;
}

/** Updates per epoch with n examples in batches of B: floor(n / B) (1 for a full batch). */
export function stepsPerEpoch(n: number, batchSize: number): number {
  return Math.floor(n / batchSize);
}

/** The sequence of minibatches one run sees. */
export class MinibatchOrder {
  private readonly rng: Rng;
  private order: Int32Array = new Int32Array(0);
  private position = 0;

  constructor(seed: number, private readonly n: number, private readonly batchSize: number) {
    this.rng = new Rng(seed, 'batches');
  }

  /** Writes the next batch's example indices into `out` at `offset`. */
  next(out: Int32Array, offset: number): void {
    if (this.position + this.batchSize > this.order.length) {
      this.order = this.rng.permutation(this.n);
      this.position = 0;
    }
    out.set(this.order.subarray(this.position, this.position + this.batchSize), offset);
    this.position += this.batchSize;
  }
}

/** Training rows on the host: minibatches are copied out here and uploaded, cheaper than a gather on device. */
export interface HostRows {
  /** Inputs, row-major [n, dim]. */
  x: Float32Array;
  /** Targets as the loss sees them, row-major [n, outputs]. */
  y: Float32Array;
  n: number;
  dim: number;
  outputs: number;
}

/** The minibatches of a cohort's K runs, each run in its own order (one MinibatchOrder per seed). */
export class CohortMinibatches {
  private readonly orders: MinibatchOrder[];

  constructor(seeds: number[], private readonly rows: HostRows, private readonly batchSize: number) {
    this.orders = seeds.map((seed) => new MinibatchOrder(seed, rows.n, batchSize));
  }

  /**
   * The next minibatch of every run, run-major, as tensors x [K, B, dim] and y [K, B, outputs] (call inside a
   * tf.tidy), and the examples' indices [K·B] for what follows the same batches (kernel dynamics).
   */
  next(): { x: tf.Tensor3D; y: tf.Tensor3D; indices: Int32Array } {
    const { orders, rows, batchSize: B } = this;
    const indices = new Int32Array(orders.length * B);
    orders.forEach((o, r) => o.next(indices, r * B));
    return {
      x: tf.tensor3d(copyRows(rows.x, rows.dim, indices), [orders.length, B, rows.dim]),
      y: tf.tensor3d(copyRows(rows.y, rows.outputs, indices), [orders.length, B, rows.outputs]),
      indices,
    };
  }
}

/**
 * Rows `indices` of a row-major matrix with `width` columns. A short row is copied element by element:
 * `set` of a subarray costs ~50 ns per call whatever its length, which is most of the time for the
 * 1-to-32-float rows of small regressions (64 runs x 32 rows a step); long rows (images) use `set`.
 */
function copyRows(values: Float32Array, width: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * width);
  // Plain loops: a closure per row (indices.forEach) took twice as long at 64 runs x 32 rows of 33 floats.
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * width;
    const to = i * width;
    if (width >= SHORT_ROW) out.set(values.subarray(from, from + width), to);
    else for (let j = 0; j < width; j++) out[to + j] = values[from + j];
  }
  return out;
}

/** Rows shorter than this are copied element by element (measured: 10x faster for 1 float, even at 32, 3x slower at 784). */
const SHORT_ROW = 64;

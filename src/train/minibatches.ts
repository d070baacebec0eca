// Per-run minibatch order: each epoch is a fresh permutation of the training set drawn from the
// run's seed, cut into batches of B; the last n mod B examples of an epoch are dropped (drop_last),
// so every batch of every run has the same shape and a cohort stays one computation.
import type { TrainConfig } from '../config/types.js';
import { Rng } from '../lib/rng.js';

/** Examples per update: the whole training set of n examples for batch_size "full". */
export function batchRows(batchSize: TrainConfig['batch_size'], nTrain: number): number {
  return batchSize === 'full' ? nTrain : batchSize;
}

/** The sequence of minibatches one run sees. */
export class MinibatchOrder {
  private readonly rng: Rng;
  private order: Int32Array = new Int32Array(0);
  private position = 0;

  constructor(seed: number, private readonly n: number, private readonly batchSize: number) {
    this.rng = new Rng(seed, 'batches');
  }

  /** Updates per epoch: floor(n / B). */
  get stepsPerEpoch(): number {
    return Math.floor(this.n / this.batchSize);
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

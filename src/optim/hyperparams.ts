// Per-run hyperparameters of a cohort: one value per run, held as a float32 [K] tensor that
// broadcasts against a parameter [K, ...] by reshaping to [K, 1, ..., 1].
import * as tf from '@tensorflow/tfjs';

/** One hyperparameter of a cohort: the exact per-run values and their float32 tensor [K]. */
export interface PerRun {
  /** Float64 values, run by run, for maths done on the JS side (e.g. Adam's 1 - b1^t). */
  values: readonly number[];
  /** The same values as a float32 tensor of shape [K]. */
  tensor: tf.Tensor1D;
  /**
   * 1 - value per run, subtracted in float64 before rounding to float32 [K]: subtracting on device,
   * 1 - float32(0.999) = 0.00099998713 is off by 1.3e-5 relative, which would scale Adam's nu by that much.
   */
  oneMinus: tf.Tensor1D;
}

/** Reshapes a per-run vector [K] to [K, 1, ..., 1] so it multiplies `like` ([K, ...]) run by run. */
export function broadcastPerRun(perRun: tf.Tensor1D, like: tf.Tensor): tf.Tensor {
  const ones = new Array<number>(like.rank - 1).fill(1);
  return tf.reshape(perRun, [perRun.shape[0], ...ones]);
}

/** Creates per-run hyperparameter tensors that outlive any tf.tidy, and disposes them all at once. */
export class PerRunStore {
  private readonly tensors: tf.Tensor[] = [];

  /** A per-run hyperparameter from its K values. */
  perRun(values: readonly number[]): PerRun {
    const tensor = this.keep(tf.tensor1d(Array.from(values), 'float32'));
    const oneMinus = this.keep(tf.tensor1d(values.map((value) => 1 - value), 'float32'));
    return { values, tensor, oneMinus };
  }

  /** Takes ownership of a constant tensor the optimizer holds (released by dispose). */
  keep<T extends tf.Tensor>(tensor: T): T {
    this.tensors.push(tf.keep(tensor));
    return tensor;
  }

  dispose(): void {
    tf.dispose(this.tensors);
    this.tensors.length = 0;
  }
}

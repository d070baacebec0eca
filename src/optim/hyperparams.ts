// Per-run hyperparameters of a cohort: one value per run. When every run shares the value (always so
// for K = 1) it is a plain number, so each op using it is a scalar op; otherwise a float32 [K] tensor
// reshaped to [K, 1, ..., 1] against a parameter. A scalar operand matters: on the cpu backend a binary
// op whose operand broadcasts over [K, 1, 1] takes a per-element index path ~20x slower than a scalar's.
import * as tf from '@tensorflow/tfjs';

/** A per-run value as an operand: a number shared by every run, or one float32 value per run [K]. */
export type PerRunValue = number | tf.Tensor1D;

/** One hyperparameter of a cohort: the exact per-run values and their operand form. */
export interface PerRun {
  /** Float64 values, run by run, for maths done on the JS side (e.g. Adam's 1 - b1^t). */
  values: readonly number[];
  /** The values as an operand (see PerRunValue). */
  value: PerRunValue;
  /**
   * 1 - value per run, subtracted in float64 before rounding to float32: subtracting on device,
   * 1 - float32(0.999) = 0.00099998713 is off by 1.3e-5 relative, which would scale Adam's nu by that much.
   */
  oneMinus: PerRunValue;
}

/** The operand of `values`: their common value when every run shares it, else a [K] tensor (made in the caller's scope). */
export function perRunValue(values: readonly number[]): PerRunValue {
  return values.every((value) => value === values[0]) ? values[0] : tf.tensor1d(Array.from(values), 'float32');
}

/** A per-run value ready to combine with `like` ([K, ...]) run by run: the number itself, or [K, 1, ..., 1]. */
export function broadcastPerRun(perRun: PerRunValue, like: tf.Tensor): number | tf.Tensor {
  if (typeof perRun === 'number') return perRun;
  const ones = new Array<number>(like.rank - 1).fill(1);
  return tf.reshape(perRun, [perRun.shape[0], ...ones]);
}

/** Creates per-run hyperparameters whose tensors outlive any tf.tidy, and disposes them all at once. */
export class PerRunStore {
  private readonly tensors: tf.Tensor[] = [];

  /** A per-run hyperparameter from its K values. */
  perRun(values: readonly number[]): PerRun {
    return { values, value: this.keepValue(perRunValue(values)), oneMinus: this.keepValue(perRunValue(values.map((value) => 1 - value))) };
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

  private keepValue(value: PerRunValue): PerRunValue {
    return typeof value === 'number' ? value : this.keep(value);
  }
}

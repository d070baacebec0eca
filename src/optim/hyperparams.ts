// Per-run hyperparameters of a cohort: one value per run, as a per-run value (src/lib/perRunValue.ts)
// reshaped to [K, 1, ..., 1] against a parameter, and the exact values for maths done on the JS side.
import * as tf from '@tensorflow/tfjs';
import { perRunValue, type PerRunValue } from '../lib/perRunValue.js';

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

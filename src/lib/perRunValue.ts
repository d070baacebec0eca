// A value that may differ between the runs of a cohort (an optimizer hyperparameter, a layer's multiplier,
// ridge's lambda). When every run shares it (always so for K = 1) it is a plain number, so each op using it
// is a scalar op; otherwise a float32 tensor with the runs on its first axis. A scalar operand matters: on
// the cpu backend a binary op whose operand broadcasts over [K, 1, 1] takes a per-element index path ~20x
// slower than a scalar's.
import * as tf from '@tensorflow/tfjs';

/** A number shared by every run, or one float32 value per run: [K] by default, [K, 1, 1] for a layer's multipliers. */
export type PerRunValue<T extends tf.Tensor = tf.Tensor1D> = number | T;

/** The value holding values[k] for run k: their common value, else a [K] tensor (made in the caller's scope). */
export function perRunValue(values: readonly number[]): PerRunValue;
/** The value holding values[k] for run k: their common value, else a [K, 1, 1] tensor that broadcasts against [K, rows, cols] (and shared [rows, cols]). */
export function perRunValue(values: readonly number[], rank: 3): PerRunValue<tf.Tensor3D>;
export function perRunValue(values: readonly number[], rank: 1 | 3 = 1): PerRunValue<tf.Tensor> {
  if (values.every((value) => value === values[0])) return values[0];
  return tf.tensor(Array.from(values), [values.length, ...new Array<number>(rank - 1).fill(1)], 'float32');
}

/** A [K] per-run value ready to combine with `like` ([K, ...]) run by run: the number itself, or [K, 1, ..., 1]. */
export function broadcastPerRun(perRun: PerRunValue, like: tf.Tensor): number | tf.Tensor {
  if (typeof perRun === 'number') return perRun;
  const ones = new Array<number>(like.rank - 1).fill(1);
  return tf.reshape(perRun, [perRun.shape[0], ...ones]);
}

/** Releases the tensor of a per-run value (a number holds none). */
export function disposePerRun(value: PerRunValue<tf.Tensor>): void {
  if (typeof value !== 'number') value.dispose();
}

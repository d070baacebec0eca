// A multiplier that may differ between the runs of a cohort (w_std / sqrt(fan_in), b_std, output_scale).
import * as tf from '@tensorflow/tfjs';

/**
 * A plain number when every run shares the value (so the common case costs no extra op), else a
 * [K, 1, 1] tensor that broadcasts against [K, rows, cols] (and against shared [rows, cols]).
 */
export type RunScale = number | tf.Tensor3D;

/** The multiplier holding `values[k]` for run k. */
export function runScale(values: number[]): RunScale {
  return values.every((v) => v === values[0]) ? values[0] : tf.tensor3d(values, [values.length, 1, 1]);
}

/** t times the multiplier; t itself when the multiplier is 1. The result is [K, ...] when s is per run. */
export function scaleBy(t: tf.Tensor, s: RunScale): tf.Tensor {
  return s === 1 ? t : tf.mul(t, s);
}

/** s², for the kernel's scale_l² factors. */
export function squaredScale(s: RunScale): RunScale {
  return typeof s === 'number' ? s * s : tf.square(s);
}

export function disposeScale(s: RunScale): void {
  if (typeof s !== 'number') s.dispose();
}

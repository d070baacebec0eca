// A multiplier that may differ between the runs of a cohort (w_std / sqrt(fan_in), b_std, output_scale).
import * as tf from '@tensorflow/tfjs';
import { perRunValue, type PerRunValue } from '../lib/perRunValue.js';

/** A per-run value of the [K, 1, 1] form, which broadcasts against [K, rows, cols] (and against shared [rows, cols]). */
export type RunScale = PerRunValue<tf.Tensor3D>;

/** The multiplier holding `values[k]` for run k. */
export function runScale(values: number[]): RunScale {
  return perRunValue(values, 3);
}

/** t times the multiplier; t itself when the multiplier is 1. The result is [K, ...] when s is per run. */
export function scaleBy(t: tf.Tensor, s: RunScale): tf.Tensor {
  return s === 1 ? t : tf.mul(t, s);
}

/** s², for the kernel's scale_l² factors. */
export function squaredScale(s: RunScale): RunScale {
  return typeof s === 'number' ? s * s : tf.square(s);
}

// The exponential moving average every moment estimate uses (after optax's `update_moment`):
// b m + (1 - b) x, with b per run and 1 - b taken from float64 (see PerRun.oneMinus).
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun } from '../lib/perRunValue.js';
import type { PerRun } from './hyperparams.js';

/** b m + (1 - b) x for a moment m and a new value x of shape [K, ...]. */
export function updateMoment(b: PerRun, moment: tf.Tensor, value: tf.Tensor): tf.Tensor {
  return tf.add(tf.mul(moment, broadcastPerRun(b.value, value)), tf.mul(value, broadcastPerRun(b.oneMinus, value)));
}

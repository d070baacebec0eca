// How far each run's parameters have moved from their initialization, relative to its size (SPEC §3
// curve.csv `param_dist`, §4 ntk.csv `param_rel_change`): one definition, so the two files agree.
import * as tf from '@tensorflow/tfjs';
import { normPerRun } from './objective.js';

/**
 * ||theta - theta0|| / ||theta0|| per run [K]; ||theta - theta0|| for a run whose theta0 = 0 (a linear model
 * with `init: zeros`), where the ratio would be 0/0 at init and x/0 after. `theta0Norm` is normPerRun(theta0),
 * computed once by the caller. Call inside a tf.tidy.
 */
export function distanceFromInit(params: tf.Tensor[], theta0: tf.Tensor[], theta0Norm: tf.Tensor1D): tf.Tensor1D {
  const dist = normPerRun(params.map((p, i) => tf.sub(p, theta0[i])));
  // The maximum keeps the division finite where tf.where then takes `dist` instead.
  return tf.where(tf.greater(theta0Norm, 0), tf.div(dist, tf.maximum(theta0Norm, 1e-38)), dist) as tf.Tensor1D;
}

// The final step of every recipe (after optax's `scale_by_learning_rate`): u <- -lr u, with the
// scheduled per-run learning rate of this step (the trainer applies the schedule, so lr is ctx.lr).
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun, perRunValue } from '../../lib/perRunValue.js';
import { stateless } from '../stateless.js';
import type { GradientTransformation } from '../types.js';

/** u <- -lr u, with lr = ctx.lr (K values): the sign makes updates ADDED to the parameters descend. */
export function scaleByLearningRate(): GradientTransformation {
  return stateless((updates, _params, ctx) => {
    const negLr = perRunValue(ctx.lr.map((lr) => -lr));
    return updates.map((u) => tf.mul(u, broadcastPerRun(negLr, u)));
  });
}

// Weight decay as a transformation (after optax's `add_decayed_weights`): u <- u + wd p.
// Its place in a chain decides its meaning: first (on the raw gradient) it is torch's coupled L2
// decay, g <- g + wd p; after an adaptive scaling it is decoupled decay (AdamW, Lion).
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun } from '../../lib/perRunValue.js';
import type { PerRun } from '../hyperparams.js';
import { stateless } from '../stateless.js';
import type { GradientTransformation } from '../types.js';

/** u <- u + wd p, with the weight decay wd per run. */
export function addDecayedWeights(weightDecay: PerRun): GradientTransformation {
  return stateless((updates, params) =>
    updates.map((u, i) => tf.add(u, tf.mul(params[i], broadcastPerRun(weightDecay.value, u)))),
  );
}

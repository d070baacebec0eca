// RMSprop's scaling exactly as torch.optim.RMSprop (Tieleman & Hinton 2012, lecture 6.5):
// v <- alpha v + (1 - alpha) g^2, u = g / (sqrt(v) + eps), eps OUTSIDE the root (optax puts it inside).
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun } from '../../lib/perRunValue.js';
import type { PerRun } from '../hyperparams.js';
import type { GradientTransformation, OptState } from '../types.js';
import { updateMoment } from '../updateMoment.js';

/** The running average of squared gradients v (v_0 = 0, as torch), one tensor per parameter. */
export type ScaleByRmsState = {
  nu: tf.Tensor[];
};

export interface ScaleByRmsOptions {
  /** Smoothing constant alpha per run. */
  alpha: PerRun;
  /** Added to sqrt(v) to keep the division finite, per run. */
  eps: PerRun;
}

/** u = g / (sqrt(v) + eps) with v the exponential average of g^2. */
export function scaleByRms({ alpha, eps }: ScaleByRmsOptions): GradientTransformation {
  return {
    init: (params: tf.Tensor[]): ScaleByRmsState => ({ nu: params.map((p) => tf.zerosLike(p)) }),
    update(grads: tf.Tensor[], state: OptState) {
      const previous = (state as ScaleByRmsState).nu;
      const nu = grads.map((g, i) => updateMoment(alpha, previous[i], tf.square(g)));
      const updates = grads.map((g, i) => tf.div(g, tf.add(tf.sqrt(nu[i]), broadcastPerRun(eps.value, g))));
      const next: ScaleByRmsState = { nu };
      return { updates, state: next };
    },
    // P = sqrt(v) + eps.
    preconditioner(state: OptState, count: number) {
      if (count === 0) return null;
      return (state as ScaleByRmsState).nu.map((v) => tf.add(tf.sqrt(v), broadcastPerRun(eps.value, v)));
    },
  };
}

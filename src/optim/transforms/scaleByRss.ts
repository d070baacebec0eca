// Adagrad's scaling by the root of the sum of squared gradients, exactly as torch.optim.Adagrad
// (Duchi, Hazan & Singer 2011): s <- s + g^2 from s_0 = initial accumulator, u = g / (sqrt(s) + eps).
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun } from '../../lib/perRunValue.js';
import type { PerRun } from '../hyperparams.js';
import type { GradientTransformation, OptState } from '../types.js';

/** The accumulated squared gradients s, one tensor per parameter. */
export type ScaleByRssState = {
  sumOfSquares: tf.Tensor[];
};

export interface ScaleByRssOptions {
  /** s_0, the starting value of every accumulator, per run. */
  initialAccumulator: PerRun;
  /** Added to sqrt(s) to keep the division finite, per run. */
  eps: PerRun;
}

/** u = g / (sqrt(s) + eps) with s the running sum of g^2. */
export function scaleByRss({ initialAccumulator, eps }: ScaleByRssOptions): GradientTransformation {
  return {
    init: (params: tf.Tensor[]): ScaleByRssState => ({
      sumOfSquares: params.map((p) => tf.tidy(() => tf.mul(tf.onesLike(p), broadcastPerRun(initialAccumulator.value, p)))),
    }),
    update(grads: tf.Tensor[], state: OptState) {
      const previous = (state as ScaleByRssState).sumOfSquares;
      const sumOfSquares = grads.map((g, i) => tf.add(previous[i], tf.square(g)));
      const updates = grads.map((g, i) => tf.div(g, tf.add(tf.sqrt(sumOfSquares[i]), broadcastPerRun(eps.value, g))));
      const next: ScaleByRssState = { sumOfSquares };
      return { updates, state: next };
    },
    // P = sqrt(s) + eps.
    preconditioner(state: OptState, count: number) {
      if (count === 0) return null;
      return (state as ScaleByRssState).sumOfSquares.map((s) => tf.add(tf.sqrt(s), broadcastPerRun(eps.value, s)));
    },
  };
}

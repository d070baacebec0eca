// Adam's scaling (Kingma & Ba 2015, Algorithm 1) exactly as torch.optim.Adam:
// mu <- b1 mu + (1 - b1) g, nu <- b2 nu + (1 - b2) g^2, u = mu^ / (sqrt(nu^) + eps) with eps OUTSIDE
// the root; with bias correction mu^ = mu / (1 - b1^t), nu^ = nu / (1 - b2^t), else mu^ = mu, nu^ = nu.
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun, type PerRun } from '../hyperparams.js';
import type { GradientTransformation, OptState, StepContext } from '../types.js';
import { updateMoment } from '../updateMoment.js';

/** First and second moment estimates mu and nu, one tensor each per parameter. */
export type ScaleByAdamState = {
  mu: tf.Tensor[];
  nu: tf.Tensor[];
};

export interface ScaleByAdamOptions {
  /** Decay rate of the first moment, per run. */
  b1: PerRun;
  /** Decay rate of the second moment, per run. */
  b2: PerRun;
  /** Added to sqrt(nu^) to keep the division finite, per run. */
  eps: PerRun;
  /** Divide the moments by 1 - b^t (the same for the whole cohort). */
  biasCorrection: boolean;
}

/** 1 - b^t per run, computed in float64 so that b2 = 0.999 at small t keeps its digits. */
function oneMinusPower(b: PerRun, t: number): tf.Tensor1D {
  return tf.tensor1d(b.values.map((value) => 1 - value ** t), 'float32');
}

/** u = mu^ / (sqrt(nu^) + eps). */
export function scaleByAdam({ b1, b2, eps, biasCorrection }: ScaleByAdamOptions): GradientTransformation {
  return {
    init: (params: tf.Tensor[]): ScaleByAdamState => ({
      mu: params.map((p) => tf.zerosLike(p)),
      nu: params.map((p) => tf.zerosLike(p)),
    }),
    update(grads: tf.Tensor[], state: OptState, _params: tf.Tensor[], ctx: StepContext) {
      const previous = state as ScaleByAdamState;
      const mu = grads.map((g, i) => updateMoment(b1, previous.mu[i], g));
      const nu = grads.map((g, i) => updateMoment(b2, previous.nu[i], tf.square(g)));
      const correction1 = biasCorrection ? oneMinusPower(b1, ctx.count) : null;
      const correction2 = biasCorrection ? oneMinusPower(b2, ctx.count) : null;
      const updates = grads.map((g, i) => {
        const muHat = correction1 ? tf.div(mu[i], broadcastPerRun(correction1, g)) : mu[i];
        const nuHat = correction2 ? tf.div(nu[i], broadcastPerRun(correction2, g)) : nu[i];
        return tf.div(muHat, tf.add(tf.sqrt(nuHat), broadcastPerRun(eps.tensor, g)));
      });
      const next: ScaleByAdamState = { mu, nu };
      return { updates, state: next };
    },
  };
}

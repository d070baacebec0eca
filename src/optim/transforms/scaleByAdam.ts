// Adam's scaling (Kingma & Ba 2015, Algorithm 1) exactly as torch.optim.Adam:
// mu <- b1 mu + (1 - b1) g, nu <- b2 nu + (1 - b2) g^2, u = mu^ / (sqrt(nu^) + eps) with eps OUTSIDE
// the root; with bias correction mu^ = mu / (1 - b1^t), nu^ = nu / (1 - b2^t), else mu^ = mu, nu^ = nu.
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun, perRunValue, type PerRunValue } from '../../lib/perRunValue.js';
import type { PerRun } from '../hyperparams.js';
import type { GradientTransformation, OptState, StepContext } from '../types.js';
import { fusedAdamDirection, registerFusedAdam } from '../fusedAdam.js';
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

/**
 * The direction with the bias corrections folded into two per-run factors, so that it costs four ops:
 * mu^ / (sqrt(nu^) + eps) = (mu / c1) / (sqrt(nu) / sqrt(c2) + eps) = mu / (a sqrt(nu) + e), with
 * c = 1 - b^t, a = c1 / sqrt(c2) and e = c1 eps, each computed per run in float64 (so that b2 = 0.999 at
 * small t keeps its digits) and rounded once; without bias correction a = 1 and e = eps.
 */
function direction(mu: tf.Tensor, nu: tf.Tensor, a: PerRunValue, e: PerRunValue): tf.Tensor {
  const root = tf.sqrt(nu);
  const scaledRoot = a === 1 ? root : tf.mul(root, broadcastPerRun(a, nu));
  return tf.div(mu, tf.add(scaledRoot, broadcastPerRun(e, nu)));
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
      const runs = b1.values.map((_, k) => {
        const c1 = biasCorrection ? 1 - b1.values[k] ** ctx.count : 1;
        const c2 = biasCorrection ? 1 - b2.values[k] ** ctx.count : 1;
        return { a: c1 / Math.sqrt(c2), e: c1 * eps.values[k] };
      });
      if (registerFusedAdam()) {
        const constants = {
          b1: b1.values,
          oneMinusB1: b1.values.map((b) => 1 - b),
          b2: b2.values,
          oneMinusB2: b2.values.map((b) => 1 - b),
          a: runs.map((run) => run.a),
          e: runs.map((run) => run.e),
        };
        const results = grads.map((g, i) => fusedAdamDirection(g, previous.mu[i], previous.nu[i], constants));
        const next: ScaleByAdamState = { mu: results.map(([mu]) => mu), nu: results.map(([, nu]) => nu) };
        return { updates: results.map(([, , u]) => u), state: next };
      }
      const mu = grads.map((g, i) => updateMoment(b1, previous.mu[i], g));
      const nu = grads.map((g, i) => updateMoment(b2, previous.nu[i], tf.square(g)));
      const a = perRunValue(runs.map((run) => run.a));
      const e = perRunValue(runs.map((run) => run.e));
      const updates = mu.map((m, i) => direction(m, nu[i], a, e));
      const next: ScaleByAdamState = { mu, nu };
      return { updates, state: next };
    },
    // P = sqrt(nu^) + eps = sqrt(nu) / sqrt(c2) + eps, with c2 = 1 - b2^t under bias correction (else 1).
    preconditioner(state: OptState, count: number) {
      if (count === 0) return null;
      const { nu } = state as ScaleByAdamState;
      const unbias = perRunValue(b2.values.map((b) => (biasCorrection ? 1 / Math.sqrt(1 - b ** count) : 1)));
      return nu.map((v) => tf.add(tf.mul(tf.sqrt(v), broadcastPerRun(unbias, v)), broadcastPerRun(eps.value, v)));
    },
  };
}

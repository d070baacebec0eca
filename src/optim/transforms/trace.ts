// Heavy-ball momentum and its Nesterov form exactly as torch.optim.SGD: the momentum buffer
// b_1 = g (the first step copies the gradient, undampened), then b_t = mu b_{t-1} + (1 - dampening) g;
// the direction is b (heavy ball) or g + mu b (Nesterov; Sutskever et al. 2013 as torch writes it).
import * as tf from '@tensorflow/tfjs';
import { broadcastPerRun } from '../../lib/perRunValue.js';
import type { PerRun } from '../hyperparams.js';
import type { GradientTransformation, OptState, StepContext } from '../types.js';

/** The momentum buffer b, one tensor per parameter. */
export type TraceState = {
  momentum: tf.Tensor[];
};

export interface TraceOptions {
  /** Momentum coefficient mu per run. */
  mu: PerRun;
  /** Fraction of the gradient held back from the buffer after the first step, per run. */
  dampening: PerRun;
  /** Use g + mu b as the direction instead of b. */
  nesterov: boolean;
}

/** torch.optim.SGD's momentum buffer; the direction is b, or g + mu b when nesterov. */
export function trace({ mu, dampening, nesterov }: TraceOptions): GradientTransformation {
  return {
    init: (params: tf.Tensor[]): TraceState => ({ momentum: params.map((p) => tf.zerosLike(p)) }),
    update(grads: tf.Tensor[], state: OptState, _params: tf.Tensor[], ctx: StepContext) {
      const previous = (state as TraceState).momentum;
      const momentum = grads.map((g, i) => {
        if (ctx.count === 1) return tf.clone(g);
        const decayed = tf.mul(previous[i], broadcastPerRun(mu.value, g));
        return tf.add(decayed, tf.mul(g, broadcastPerRun(dampening.oneMinus, g)));
      });
      const updates = nesterov ? grads.map((g, i) => tf.add(g, tf.mul(momentum[i], broadcastPerRun(mu.value, g)))) : momentum;
      const next: TraceState = { momentum };
      return { updates, state: next };
    },
  };
}

// Composition of gradient transformations (after optax's `chain`): each one's updates feed the next.
import type * as tf from '@tensorflow/tfjs';
import type { GradientTransformation, OptState, StepContext } from './types.js';

/** The state of a chain: the state of each transformation, in order. */
export type ChainState = OptState[];

/** Applies `transforms` left to right; the chain's state is the list of their states. */
export function chain(...transforms: GradientTransformation[]): GradientTransformation {
  return {
    init: (params: tf.Tensor[]): ChainState => transforms.map((transform) => transform.init(params)),
    update(grads: tf.Tensor[], state: OptState, params: tf.Tensor[], ctx: StepContext) {
      const states = state as ChainState;
      let updates = grads;
      const next: ChainState = [];
      transforms.forEach((transform, i) => {
        const result = transform.update(updates, states[i], params, ctx);
        updates = result.updates;
        next.push(result.state);
      });
      return { updates, state: next };
    },
    // The chain's diagonal scaling (at most one per recipe) is its preconditioner.
    preconditioner(state: OptState, count: number) {
      const i = transforms.findIndex((transform) => transform.preconditioner !== undefined);
      return i < 0 ? null : transforms[i].preconditioner!((state as ChainState)[i], count);
    },
  };
}

// A gradient transformation without state (after optax's `stateless`): a pure map of the updates.
import type * as tf from '@tensorflow/tfjs';
import type { GradientTransformation, StepContext } from './types.js';

/** The state of a stateless transformation. */
export type EmptyState = Record<string, never>;

/** Wraps `map(updates, params, ctx) → updates` as an init/update pair whose state is empty. */
export function stateless(map: (updates: tf.Tensor[], params: tf.Tensor[], ctx: StepContext) => tf.Tensor[]): GradientTransformation {
  return {
    init: (): EmptyState => ({}),
    update: (updates, state, params, ctx) => ({ updates: map(updates, params, ctx), state }),
  };
}

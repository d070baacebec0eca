// The optimizer contract (after optax): a gradient transformation is an init/update pair over
// cohort-stacked parameters. Every parameter tensor has a leading run axis [K, ...]; hyperparameters
// are per-run values, so one cohort may sweep lr, betas, eps or weight decay.
import type * as tf from '@tensorflow/tfjs';

/** Per-step information the trainer passes to every transformation. */
export interface StepContext {
  /** The update count t = 1, 2, ... (the same for every run of a cohort). */
  count: number;
  /** Scheduled learning rate of each run at this step, K values (lr x schedule multiplier). */
  lr: readonly number[];
}

/** Optimizer state: any nesting of tensors (disposed by the trainer with tf.dispose). */
export type OptState = tf.TensorContainer;

/**
 * init(params) → state; update(grads, state, params, ctx) → { updates, state }.
 * `updates` are ADDED to the parameters (they carry the minus sign), as in optax.
 * Implementations must be pure: never mutate or dispose their inputs, create all tensors inside the
 * caller's tf.tidy (the trainer keeps what it returns and disposes the previous state).
 */
export interface GradientTransformation {
  init(params: tf.Tensor[]): OptState;
  update(grads: tf.Tensor[], state: OptState, params: tf.Tensor[], ctx: StepContext): { updates: tf.Tensor[]; state: OptState };
  /**
   * A diagonal scaling's current preconditioner P (the update divides the gradient's direction by P), one
   * tensor per parameter [K, ...], from its state after `count` updates; null before the first update (no
   * gradient seen yet). Only the diagonal scalings have one (adam's sqrt(nu^) + eps, rmsprop's, adagrad's).
   * Made in the caller's tf.tidy.
   */
  preconditioner?(state: OptState, count: number): tf.Tensor[] | null;
}

/** What the problem offers optimizers that need more than gradients (precond-gd's design matrix). */
export interface ProblemInfo {
  /** Training design X, row-major [n, d] float32. */
  xTrain: Float32Array;
  nTrain: number;
  dim: number;
  /** Model kind: precond-gd needs the linear layout params = [W [K,d,o], b [K,o]]. */
  modelKind: string;
}

/** A built optimizer for a cohort of K runs. */
export interface Optimizer extends GradientTransformation {
  /** Optimizer state floats per model parameter (sgd 0, momentum 1, adam 2, ...). */
  stateFloatsPerParam: number;
  /**
   * The diagonal preconditioner P of adam, adamw, rmsprop and adagrad in `state` after `count` updates (see
   * GradientTransformation.preconditioner), null for the other kinds and before the first update.
   */
  preconditioner(state: OptState, count: number): tf.Tensor[] | null;
  /** Releases the per-run hyperparameter tensors the optimizer holds. */
  dispose(): void;
}

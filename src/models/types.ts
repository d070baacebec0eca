// The model contract for cohort training: K runs' parameters stacked on a leading run axis.
import type * as tf from '@tensorflow/tfjs';

/**
 * A model of K runs trained as one computation. Every parameter tensor is [K, ...shape];
 * per-run settings (init, ridge lambda, frozen layers) are fixed when the model is built.
 */
export interface CohortModel {
  /** Trainable parameter names in order (e.g. ["W", "b"], or ["W0", "b0", "W1", "b1"]). */
  readonly paramNames: string[];
  /** Trainable parameters of one run. */
  readonly paramCount: number;
  /** Initial trainable parameters theta_0 [K, ...] drawn from each run's seed (stream "init"). */
  init(): tf.Tensor[];
  /** Outputs [K, B, o] for per-run inputs x [K, B, d], or for inputs shared by every run x [B, d]. */
  apply(params: tf.Tensor[], x: tf.Tensor): tf.Tensor3D;
  /** Explicit penalty added to the data loss in the objective, per run [K]; null when there is none. */
  penalty(params: tf.Tensor[]): tf.Tensor1D | null;
  /**
   * The outputs at `params` on x (as apply) and a hand-written backward pass, with no autodiff tape
   * (whose saved copies of every operand and extra ops cost more than the arithmetic of small steps).
   * Absent for models differentiated by tfjs autodiff. Tests check it against autodiff.
   */
  forwardBackward?(params: tf.Tensor[], x: tf.Tensor): ForwardBackward;
  /**
   * The Hessian of sum_k (L_k + penalty_k) w.r.t. the trainable parameters at `params` on inputs x, as an
   * operator (forward-over-reverse written by hand, exact, no autodiff tape): the forward and backward passes
   * run once, each product then costs a tangent pass forward and back. `loss` gives the data loss's output
   * derivatives at the outputs. Every trainable kind has one. Call inside a tf.tidy, which owns what it keeps.
   */
  curvature?(params: tf.Tensor[], x: tf.Tensor, loss: (output: tf.Tensor3D) => OutputDerivatives): HessianOperator;
  /**
   * The exact empirical NTK of each run between shared points x [P, d] and x2 [Q, d] (default x): K = J(x) J(x2)ᵀ
   * [K, P, Q], J the P x |theta| Jacobian of the outputs w.r.t. the trainable parameters at `params`; for o > 1
   * outputs the kernel is traced over outputs and divided by o (neural-tangents' trace_axes=(-1,)). Computed per
   * layer as sum_l (A_l A_l'ᵀ (x) weight scale² + bias scale²) ⊙ (D_l D_l'ᵀ averaged over outputs), never building J.
   */
  ntk(params: tf.Tensor[], x: tf.Tensor2D, x2?: tf.Tensor2D): tf.Tensor3D;
  /**
   * The first-order Taylor expansion around theta_0 evaluated at `params`:
   * f(x, theta_0) + J(x, theta_0)(params - theta_0), [K, P, o], on shared points x [P, d].
   */
  applyLinearized(theta0: tf.Tensor[], params: tf.Tensor[], x: tf.Tensor2D): tf.Tensor3D;
  /** Releases the tensors the model holds (per-run constants, frozen layers). */
  dispose(): void;
}

/** The data loss's derivatives w.r.t. the outputs, at fixed outputs (train/loss.ts outputDerivatives). */
export interface OutputDerivatives {
  /** d(sum_k L_k)/df [K, B, o]. */
  gradient: tf.Tensor3D;
  /** u -> (d²(sum_k L_k)/df²) u for an output tangent u [K, B, o]. */
  curvature(u: tf.Tensor3D): tf.Tensor3D;
}

/** The Hessian of a cohort's summed objective at fixed parameters and inputs. */
export interface HessianOperator {
  /**
   * H v for a direction v given per parameter ([K, ...], paramNames order): run k's slice of the result is run
   * k's own Hessian times its slice of v, since no operation mixes runs.
   */
  product(v: tf.Tensor[]): tf.Tensor[];
}

/** A forward pass that can be differentiated by hand. */
export interface ForwardBackward {
  /** Outputs [K, B, o], as apply gives them. */
  output: tf.Tensor3D;
  /**
   * The gradient of sum_k (L_k + penalty_k) w.r.t. each parameter (paramNames order), given
   * dOutput = d(sum_k L_k)/d output [K, B, o] of the data losses L_k.
   */
  gradients(dOutput: tf.Tensor3D): tf.Tensor[];
}

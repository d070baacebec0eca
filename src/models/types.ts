// The model contract for cohort training: K runs' parameters stacked on a leading run axis.
import type * as tf from '@tensorflow/tfjs';

/**
 * A model of K runs trained as one computation. Every parameter tensor is [K, ...shape];
 * per-run settings (init, ridge lambda) are fixed when the model is built.
 */
export interface CohortModel {
  /** Parameter names in order (e.g. ["W", "b"]). */
  readonly paramNames: string[];
  /** Trainable parameters of one run. */
  readonly paramCount: number;
  /** Initial parameters [K, ...] drawn from each run's seed. */
  init(): tf.Tensor[];
  /** Outputs [K, B, o] for per-run inputs x [K, B, d], or for inputs shared by every run x [B, d]. */
  apply(params: tf.Tensor[], x: tf.Tensor): tf.Tensor3D;
  /** Explicit penalty added to the data loss in the objective, per run [K]; null when there is none. */
  penalty(params: tf.Tensor[]): tf.Tensor1D | null;
  /** Releases the tensors the model holds (per-run constants). */
  dispose(): void;
}

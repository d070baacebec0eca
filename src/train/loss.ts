// Data losses per run (SPEC §4): each run's loss is a mean over its own examples, so summing the
// K runs' losses gives every run exactly its own gradient.
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../config/types.js';

/**
 * Loss of each run, [K].
 * @param f outputs [K, B, o]
 * @param y targets [K, B, o] (per-run batches) or [B, o] (shared by every run)
 */
export function lossPerRun(kind: LossKind, f: tf.Tensor3D, y: tf.Tensor): tf.Tensor1D {
  switch (kind) {
    case 'mse':
      // mean over examples and outputs of (f - y)^2, no 1/2.
      return tf.mean(tf.squaredDifference(f, y), [1, 2]) as tf.Tensor1D;
    case 'cross-entropy':
      throw new Error('cross-entropy needs a classification dataset; config validation rejects it before training');
  }
}

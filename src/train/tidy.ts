// tf.tidy with the scope function's own return type (tfjs types it as a TensorContainer).
import * as tf from '@tensorflow/tfjs';

/** Runs `fn`, disposing every tensor it created except those reachable from its result. */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}

// Classification accuracy per run: the share of examples whose largest output is the true class.
import * as tf from '@tensorflow/tfjs';

/**
 * Accuracy of each run, [K]: mean over examples of [argmax_c f_c = argmax_c y_c].
 * @param f outputs [K, B, C]
 * @param oneHot targets [K, B, C] (per-run batches) or [B, C] (shared by every run), as targetMatrix builds them
 * Ties among the outputs go to the lowest class index (tf.argMax), so a constant output predicts class 0.
 */
export function accuracyPerRun(f: tf.Tensor3D, oneHot: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const predicted = tf.argMax(f, 2);
    const truth = tf.argMax(oneHot, oneHot.rank - 1);
    return tf.mean(tf.cast(tf.equal(predicted, truth), 'float32'), 1) as tf.Tensor1D;
  });
}

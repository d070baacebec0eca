// Centering a network at its initialization: f(x, theta) = alpha (g(x, theta) - g(x, theta0)), the model
// whose output at theta0 is zero, for which Chizat, Oyallon & Bach (2019) analyse lazy training.
import * as tf from '@tensorflow/tfjs';
import type { DenseLayer, NetworkStructure } from './network.js';
import { forwardTrace } from './networkCalculus.js';
import { scaleBy } from './runScale.js';

/**
 * f - c alpha g(x, theta0) for the runs' outputs f [K, B, o] on x ([B, d] shared or [K, B, d]): a centered
 * run (c = 1) gets alpha (g(x, theta) - g(x, theta0)), the others (c = 0) keep f. theta0 is the init the
 * model holds as constants, never its trainable tensors, so no gradient reaches it and the Jacobian (so the
 * NTK) is the uncentered one. At theta = theta0 both forward passes round alike, so f is exactly 0 there.
 */
export function centered(net: NetworkStructure, output: tf.Tensor3D, theta0: DenseLayer[], x: tf.Tensor): tf.Tensor3D {
  if (net.center === 0) return output;
  return tf.sub(output, scaleBy(forwardTrace(net, theta0, x).output, net.center)) as tf.Tensor3D;
}

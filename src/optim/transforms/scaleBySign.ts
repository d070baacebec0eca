// signSGD's direction (Bernstein et al. 2018, "signSGD: Compressed Optimisation for Non-Convex
// Problems", Algorithm 1): u <- sign(g), elementwise, with sign(0) = 0 as torch.sign.
import * as tf from '@tensorflow/tfjs';
import { stateless } from '../stateless.js';
import type { GradientTransformation } from '../types.js';

/** u <- sign(u), with sign(0) = 0. */
export function scaleBySign(): GradientTransformation {
  return stateless((updates) => updates.map((u) => tf.sign(u)));
}

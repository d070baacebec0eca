// The hidden-layer nonlinearities phi of a network and their derivatives phi', written out so that the
// NTK's backward recursion and the linearized model's tangent pass use the same phi' as autodiff.
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../config/types.js';

export interface Nonlinearity {
  /** phi(z), elementwise. */
  phi(z: tf.Tensor): tf.Tensor;
  /** phi'(z), elementwise: the factor a tangent or a back-propagated sensitivity picks up at this layer. */
  dphi(z: tf.Tensor): tf.Tensor;
  /** phi''(z), elementwise: the curvature a Hessian-vector product picks up at this layer. */
  d2phi(z: tf.Tensor): tf.Tensor;
}

/** 1 / sqrt(2 pi): the standard normal density at 0. */
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** 2 / sqrt(pi): erf's slope at 0. */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

const nonlinearities: Record<Activation, Nonlinearity> = {
  // phi'(0) = 0, as tfjs's relu gradient (step(z) is 0 for z <= 0).
  // phi'' = 0 everywhere but at the kink, where autodiff (and PyHessian) also take 0.
  relu: { phi: (z) => tf.relu(z), dphi: (z) => tf.step(z), d2phi: (z) => tf.zerosLike(z) },
  // phi'' = -2 tanh(z) (1 - tanh(z)^2).
  tanh: {
    phi: (z) => tf.tanh(z),
    dphi: (z) => tf.sub(1, tf.square(tf.tanh(z))),
    d2phi: (z) => {
      const t = tf.tanh(z);
      return tf.mul(tf.mul(t, -2), tf.sub(1, tf.square(t)));
    },
  },
  // Exact GELU (Hendrycks & Gimpel 2016; torch's default, neural-tangents' stax.Gelu(approximate=False)):
  // phi(z) = z Phi(z) = z (1 + erf(z / sqrt 2)) / 2, phi'(z) = Phi(z) + z N(z; 0, 1).
  gelu: {
    phi: (z) => tf.mul(tf.mul(z, 0.5), tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2)))),
    dphi: (z) =>
      tf.add(
        tf.mul(0.5, tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2)))),
        tf.mul(tf.mul(z, INV_SQRT_2PI), tf.exp(tf.mul(tf.square(z), -0.5))),
      ),
    // phi''(z) = 2 N(z; 0, 1) - z^2 N(z; 0, 1) = (2 - z^2) N(z; 0, 1).
    d2phi: (z) => tf.mul(tf.sub(2, tf.square(z)), tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(tf.square(z), -0.5)))),
  },
  // erf, whose infinite-width kernel is Williams 1997's arcsin kernel (neural-tangents' stax.Erf): phi'(z) = (2/√π) e^{-z²}.
  erf: {
    phi: (z) => tf.erf(z),
    dphi: (z) => tf.mul(TWO_OVER_SQRT_PI, tf.exp(tf.neg(tf.square(z)))),
    // phi''(z) = -2 z phi'(z).
    d2phi: (z) => tf.mul(tf.mul(z, -2 * TWO_OVER_SQRT_PI), tf.exp(tf.neg(tf.square(z)))),
  },
  linear: { phi: (z) => z, dphi: (z) => tf.onesLike(z), d2phi: (z) => tf.zerosLike(z) },
};

export function nonlinearity(activation: Activation): Nonlinearity {
  return nonlinearities[activation];
}

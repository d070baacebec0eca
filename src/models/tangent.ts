// The first-order Taylor expansion of a network in its parameters, by forward-mode tangent propagation:
// f(x, theta0) + J(x, theta0)(theta - theta0) without forming J (DESIGN.md "Models and metrics").
import * as tf from '@tensorflow/tfjs';
import { nonlinearity } from './activation.js';
import { cohortMatMul } from './cohortMatMul.js';
import { denseLayer } from './forward.js';
import type { DenseLayer, NetworkStructure } from './network.js';
import { scaleBy } from './runScale.js';

/**
 * f_lin(x, theta) = f(x, theta0) + J(x, theta0)(theta - theta0), [K, B, o], for x [B, d] shared or [K, B, d].
 * The tangent dtheta = theta - theta0 is pushed through the network at theta0 by the chain rule
 * (the JVP, as jax.linearize / neural-tangents' nt.linearize evaluate it):
 *   dz_l = scale_l (dh_{l-1} W0_l + h_{l-1} dW_l) + bscale_l db_l,  dh_{-1} = 0,
 *   dh_l = phi'(z_l) ⊙ dz_l,  and f_lin = alpha (z_{L-1} + dz_{L-1}).
 * Differentiable in theta (autodiff then gives J(x, theta0)ᵀ times the output gradient).
 */
export function linearizedForward(net: NetworkStructure, theta0: DenseLayer[], theta: DenseLayer[], x: tf.Tensor): tf.Tensor3D {
  const { phi, dphi } = nonlinearity(net.activation);
  const last = theta0.length - 1;
  let h = x;
  let dh: tf.Tensor | null = null;
  for (let l = 0; l < last; l++) {
    const { z, dz } = layerWithTangent(net, l, theta0[l], theta[l], h, dh);
    dh = tf.mul(dphi(z), dz);
    h = phi(z);
  }
  const { z, dz } = layerWithTangent(net, last, theta0[last], theta[last], h, dh);
  return scaleBy(tf.add(z, dz), net.outputScale) as tf.Tensor3D;
}

/** z_l at theta0 and its tangent dz_l, given the layer input h and its tangent dh (null: zero, at the input). */
function layerWithTangent(
  net: NetworkStructure,
  l: number,
  layer0: DenseLayer,
  layer: DenseLayer,
  h: tf.Tensor,
  dh: tf.Tensor | null,
): { z: tf.Tensor; dz: tf.Tensor } {
  const z = denseLayer(net, l, layer0, h);
  // h and W0 are theta0's, constants: only the tangents dW = W - W0 and dh carry a gradient.
  const viaWeights = cohortMatMul(h, tf.sub(layer.W, layer0.W) as tf.Tensor3D, 'right');
  const viaInput = dh === null ? viaWeights : tf.add(cohortMatMul(dh, layer0.W, 'left'), viaWeights);
  const dz = scaleBy(viaInput, net.weightScales[l]);
  if (layer0.b === null || layer.b === null) return { z, dz };
  return { z, dz: tf.add(dz, scaleBy(tf.expandDims(tf.sub(layer.b, layer0.b), 1), net.biasScales[l])) };
}

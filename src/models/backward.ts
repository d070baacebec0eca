// The backward pass of a cohort's dense network written by hand: the chain rule through the layers of
// forwardTrace, so that a training step needs no autodiff tape (tfjs's tape copies every operand it
// saves and adds ops; on wasm its matMul gradient also multiplies by transposed operands, a slow path).
import * as tf from '@tensorflow/tfjs';
import { nonlinearity } from './activation.js';
import { cohortInputGradient, cohortWeightGradient } from './cohortMatMul.js';
import type { ForwardTrace } from './forward.js';
import type { DenseLayer, NetworkStructure } from './network.js';
import { scaleBy } from './runScale.js';

/**
 * Gradients of layers fromLayer..L-1 ([W, b] per layer, b absent without bias) from dOutput = dL/df
 * [K, B, o], for the network whose forward pass at `layers` is `trace`. With f = alpha z_{L-1},
 * z_l = s_l (h_{l-1} W_l) + t_l b_l and h_l = phi(z_l), the chain rule gives dz_{L-1} = alpha df and per layer
 * dW_l = h_{l-1}ᵀ (s_l dz_l), db_l = t_l sum over examples of dz_l, dz_{l-1} = ((s_l dz_l) W_lᵀ) ⊙ phi'(z_{l-1}).
 * Layers below fromLayer (frozen ones, and the data below layer 0) get no gradient and cost nothing.
 */
export function networkGradients(
  net: NetworkStructure,
  layers: DenseLayer[],
  trace: ForwardTrace,
  dOutput: tf.Tensor3D,
  fromLayer: number,
): tf.Tensor[] {
  const { dphi } = nonlinearity(net.activation);
  const perLayer: tf.Tensor[][] = [];
  let dz = scaleBy(dOutput, net.outputScale) as tf.Tensor3D;
  for (let l = layers.length - 1; l >= fromLayer; l--) {
    const scaled = scaleBy(dz, net.weightScales[l]) as tf.Tensor3D;
    const dW = cohortWeightGradient(trace.layerInputs[l], scaled);
    perLayer.unshift(layers[l].b === null ? [dW] : [dW, tf.sum(scaleBy(dz, net.biasScales[l]), 1)]);
    if (l > fromLayer) dz = tf.mul(cohortInputGradient(scaled, layers[l].W), dphi(trace.preActivations[l - 1])) as tf.Tensor3D;
  }
  return perLayer.flat();
}

// The forward pass of a cohort's dense network, keeping each layer's input and pre-activation (the
// structured NTK and the tangent pass need them).
import * as tf from '@tensorflow/tfjs';
import { nonlinearity } from './activation.js';
import { cohortMatMul } from './cohortMatMul.js';
import type { DenseLayer, NetworkStructure } from './network.js';
import { scaleBy } from './runScale.js';

/** What the forward pass computed, for B inputs. */
export interface ForwardTrace {
  /** Input of each layer: x ([B, d] shared by the runs, or [K, B, d]) for layer 0, then h_{l-1} [K, B, n_l]. */
  layerInputs: tf.Tensor[];
  /** z_l [K, B, n_{l+1}] of every layer (the last one's is the output before alpha). */
  preActivations: tf.Tensor3D[];
  /** f = alpha z_{L-1} [K, B, o]. */
  output: tf.Tensor3D;
}

/**
 * z_l = scale_l (h W_l) + bscale_l b_l for h [B, n_l] (shared) or [K, B, n_l]: [K, B, n_{l+1}]. Layer 0's
 * input is the data x, which is never differentiated, so its product computes no gradient for it.
 */
export function denseLayer(net: NetworkStructure, l: number, { W, b }: DenseLayer, h: tf.Tensor): tf.Tensor3D {
  const z = scaleBy(cohortMatMul(h, W, l === 0 ? 'right' : 'both'), net.weightScales[l]);
  return (b === null ? z : tf.add(z, scaleBy(tf.expandDims(b, 1), net.biasScales[l]))) as tf.Tensor3D;
}

/** The network at `layers` (every layer, L of them) on x [B, d] shared or [K, B, d] per run. */
export function forwardTrace(net: NetworkStructure, layers: DenseLayer[], x: tf.Tensor): ForwardTrace {
  const { phi } = nonlinearity(net.activation);
  const layerInputs: tf.Tensor[] = [];
  const preActivations: tf.Tensor3D[] = [];
  let h = x;
  layers.forEach((layer, l) => {
    layerInputs.push(h);
    const z = denseLayer(net, l, layer, h);
    preActivations.push(z);
    if (l < layers.length - 1) h = phi(z);
  });
  const output = scaleBy(preActivations[layers.length - 1], net.outputScale) as tf.Tensor3D;
  return { layerInputs, preActivations, output };
}

// One dense layer of a cohort's network and its calculus side by side: forward z_l, backward (the VJP),
// tangent (the JVP) and its term of the NTK, as micrograd keeps each op's forward and backward together.
// Layer l (0-based) maps its input h_{l-1} (h_{-1} = x) to z_l = s_l (h_{l-1} W_l) + t_l b_l, with s_l =
// scale_l and t_l = bscale_l the per-run multipliers of NetworkStructure; networkCalculus.ts chains layers.
import * as tf from '@tensorflow/tfjs';
import { cohortInputGradient, cohortMatMul, cohortMatMulTransposed, cohortWeightGradient, gram } from './cohortMatMul.js';
import type { DenseLayer, NetworkStructure } from './network.js';
import { scaleBy, squaredScale } from './runScale.js';

/**
 * Forward: z_l = s_l (h W_l) + t_l b_l for h [B, n_l] (shared) or [K, B, n_l]: [K, B, n_{l+1}]. Layer 0's
 * input is the data x, which is never differentiated, so its product computes no gradient for it.
 */
export function denseForward(net: NetworkStructure, l: number, { W, b }: DenseLayer, h: tf.Tensor): tf.Tensor3D {
  const z = scaleBy(cohortMatMul(h, W, l === 0 ? 'right' : 'both'), net.weightScales[l]);
  return (b === null ? z : tf.add(z, scaleBy(tf.expandDims(b, 1), net.biasScales[l]))) as tf.Tensor3D;
}

/** What the backward pass of one layer gives: its parameters' gradients and its input's. */
export interface DenseGradients {
  /** [dW_l] or [dW_l, db_l]. */
  params: tf.Tensor[];
  /** dh_{l-1} [K, B, n_l], when asked for (null at the lowest trained layer). */
  input: tf.Tensor3D | null;
}

/**
 * Backward (the VJP): from dz = dL/dz_l [K, B, n_{l+1}] at input h,
 *   dW_l = hᵀ (s_l dz),  db_l = t_l Σ_examples dz,  dh_{l-1} = (s_l dz) W_lᵀ (only when `withInput`).
 */
export function denseBackward(
  net: NetworkStructure,
  l: number,
  { W, b }: DenseLayer,
  h: tf.Tensor,
  dz: tf.Tensor3D,
  withInput: boolean,
): DenseGradients {
  const scaled = scaleBy(dz, net.weightScales[l]) as tf.Tensor3D;
  const dW = cohortWeightGradient(h, scaled);
  return {
    params: b === null ? [dW] : [dW, tf.sum(scaleBy(dz, net.biasScales[l]), 1)],
    input: withInput ? cohortInputGradient(scaled, W) : null,
  };
}

/**
 * Tangent (the JVP) at theta0 in the direction dtheta = theta - theta0: z_l at theta0 and
 *   dz_l = s_l (dh_{l-1} W0_l + h_{l-1} dW_l) + t_l db_l,
 * given the layer input h at theta0 and its tangent dh (null: zero, at the data).
 */
export function denseTangent(
  net: NetworkStructure,
  l: number,
  layer0: DenseLayer,
  layer: DenseLayer,
  h: tf.Tensor,
  dh: tf.Tensor | null,
): { z: tf.Tensor; dz: tf.Tensor } {
  const z = denseForward(net, l, layer0, h);
  // h and W0 are theta0's, constants: only the tangents dW = W - W0 and dh carry a gradient.
  const viaWeights = cohortMatMul(h, tf.sub(layer.W, layer0.W) as tf.Tensor3D, 'right');
  const viaInput = dh === null ? viaWeights : tf.add(cohortMatMul(dh, layer0.W, 'left'), viaWeights);
  const dz = scaleBy(viaInput, net.weightScales[l]);
  if (layer0.b === null || layer.b === null) return { z, dz };
  return { z, dz: tf.add(dz, scaleBy(tf.expandDims(tf.sub(layer.b, layer0.b), 1), net.biasScales[l])) };
}

/**
 * This layer's term of K = J(x) J(x')ᵀ (before the 1/o) between the points x [P] and x' [Q]: with A = h_{l-1} the
 * layer input ([P, n_l] shared or [K, P, n_l]) and D = ∂f/∂z_l for every output k ([K, P o, n_{l+1}], row (p, k)) on
 * x, A' and D' the same on x' (default: x' = x), ∂f_k/∂W_l[i, j] = s_l A[i] D[k, j] and ∂f_k/∂b_l[j] = t_l D[k, j],
 * so the term is
 *   (s_l² A(x)·A(x') + t_l² [bias]) Σ_k D_k(x)·D_k(x')   [K, P, Q].
 */
export function denseNtkTerm(net: NetworkStructure, l: number, A: tf.Tensor, D: tf.Tensor3D, A2: tf.Tensor = A, D2: tf.Tensor3D = D): tf.Tensor {
  const K = D.shape[0];
  const o = net.widths[net.widths.length - 1];
  const perPoint = (a: tf.Tensor, d: tf.Tensor3D) => tf.reshape(d, [K, a.shape[a.rank - 2] as number, o * net.widths[l + 1]]) as tf.Tensor3D;
  const sensitivityGram = cohortMatMulTransposed(perPoint(A, D), perPoint(A2, D2));
  const ownGram = A.rank === 2 ? gram(A as tf.Tensor2D, A2 as tf.Tensor2D) : cohortMatMulTransposed(A, A2 as tf.Tensor3D);
  const inputGram = scaleBy(ownGram, squaredScale(net.weightScales[l]));
  const parameterGram = net.bias ? tf.add(inputGram, squaredScale(net.biasScales[l])) : inputGram;
  return tf.mul(parameterGram, sensitivityGram);
}

/** The VJP of the NTK's sensitivities through the weights, batched over outputs: s_l D W_lᵀ [K, P o, n_l]. */
export function denseNtkPullback(net: NetworkStructure, l: number, { W }: DenseLayer, D: tf.Tensor3D): tf.Tensor {
  return scaleBy(cohortMatMulTransposed(D, W), net.weightScales[l]);
}

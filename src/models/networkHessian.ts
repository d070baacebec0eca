// Exact Hessian-vector products of a dense network's objective by forward-over-reverse written by hand
// (Pearlmutter 1994, "Fast exact multiplication by the Hessian"): the tangent R{.} = d/dε (.)(θ + ε v) of the
// forward pass and of the hand-written backward pass of networkCalculus.ts, layer by layer with denseLayer.ts.
// Why by hand rather than tfjs double backward: the forward trace and the backward sensitivities are computed
// once per measurement and reused by every product, no autodiff tape copies operands, and each product then
// costs about one gradient (for a 784-256-10 MLP, the two products with the 784-wide input dominate both).
// Symbols as NetworkStructure's: z_l = s_l (h_{l-1} W_l) + t_l b_l, h_l = phi(z_l), f = alpha z_{L-1};
// backward g_{L-1} = alpha dL/df, g_{l-1} = (s_l g_l W_lᵀ) ⊙ phi'(z_{l-1}). For a direction (V_l, c_l):
//   R z_l = s_l (R h_{l-1} W_l + h_{l-1} V_l) + t_l c_l,   R h_l = phi'(z_l) R z_l,   R f = alpha R z_{L-1},
//   R g_{L-1} = alpha (d²L/df²) R f,
//   R dW_l = s_l (h_{l-1}ᵀ R g_l + R h_{l-1}ᵀ g_l),   R db_l = t_l Σ_examples R g_l,
//   R g_{l-1} = s_l (R g_l W_lᵀ + g_l V_lᵀ) ⊙ phi'(z_{l-1}) + (s_l g_l W_lᵀ) ⊙ phi''(z_{l-1}) ⊙ R z_{l-1}.
// Without the terms in g (gaussNewton), the product is Jᵀ (d²L/df²) J v: the exact Hessian of a model affine
// in its parameters (the linearized network), whose outputs' second derivatives vanish.
import * as tf from '@tensorflow/tfjs';
import { nonlinearity } from './activation.js';
import { cohortInputGradient, cohortMatMul, cohortWeightGradient } from './cohortMatMul.js';
import { denseBackward, denseForward } from './denseLayer.js';
import { layersOf, type DenseLayer, type NetworkStructure } from './network.js';
import type { ForwardTrace } from './networkCalculus.js';
import type { HessianOperator, OutputDerivatives } from './types.js';
import { scaleBy } from './runScale.js';

/**
 * The Hessian operator of the objective of layers fromLayer..L-1 (the trained ones) of the network whose
 * forward pass at `layers` is `trace`, given the loss's derivatives at its outputs. Products take and give the
 * trained layers' parameters in paramNamesFrom's order. `gaussNewton` drops the terms of the network's own
 * curvature (see the header).
 */
export function networkHessian(
  net: NetworkStructure,
  layers: DenseLayer[],
  trace: ForwardTrace,
  loss: OutputDerivatives,
  fromLayer: number,
  gaussNewton = false,
): HessianOperator {
  const { dphi, d2phi } = nonlinearity(net.activation);
  const L = layers.length;
  // The backward pass once: g_l for every trained layer and, below the top, s_l g_l W_lᵀ (the input's gradient).
  // The Gauss-Newton product needs neither.
  const g: tf.Tensor3D[] = new Array(L);
  const inputGradient: (tf.Tensor3D | null)[] = new Array(L).fill(null);
  if (!gaussNewton) g[L - 1] = scaleBy(loss.gradient, net.outputScale) as tf.Tensor3D;
  for (let l = L - 1; !gaussNewton && l > fromLayer; l--) {
    inputGradient[l] = denseBackward(net, l, layers[l], trace.layerInputs[l], g[l], true).input;
    g[l - 1] = tf.mul(inputGradient[l]!, dphi(trace.preActivations[l - 1])) as tf.Tensor3D;
  }
  const slopes = trace.preActivations.map((z, l) => (l >= fromLayer && l < L - 1 ? dphi(z) : null));
  const bends = trace.preActivations.map((z, l) => (!gaussNewton && l >= fromLayer && l < L - 1 ? d2phi(z) : null));

  return {
    product(v) {
      const directions = layersOf(net, v);
      // Forward tangent: R z_l, and R h_{l-1} (null at the lowest trained layer, whose input does not move).
      const inputTangents: (tf.Tensor3D | null)[] = new Array(L).fill(null);
      const tangents: tf.Tensor3D[] = new Array(L);
      for (let l = fromLayer; l < L; l++) {
        const direction = directions[l - fromLayer];
        const viaWeights = denseForward(net, l, direction, trace.layerInputs[l]);
        const viaInput = inputTangents[l] === null ? null : scaleBy(cohortMatMul(inputTangents[l]!, layers[l].W, 'both'), net.weightScales[l]);
        tangents[l] = (viaInput === null ? viaWeights : tf.add(viaWeights, viaInput)) as tf.Tensor3D;
        if (l < L - 1) inputTangents[l + 1] = tf.mul(slopes[l]!, tangents[l]) as tf.Tensor3D;
      }
      // Backward tangent, from R g_{L-1} = alpha² (d²L/df²) R z_{L-1}.
      const outputTangent = scaleBy(tangents[L - 1], net.outputScale) as tf.Tensor3D;
      let rg = scaleBy(loss.curvature(outputTangent), net.outputScale) as tf.Tensor3D;
      const perLayer: tf.Tensor[][] = [];
      for (let l = L - 1; l >= fromLayer; l--) {
        const viaSensitivity = denseBackward(net, l, layers[l], trace.layerInputs[l], rg, l > fromLayer);
        const [dW, ...db] = viaSensitivity.params;
        const rh = inputTangents[l];
        perLayer.unshift(
          gaussNewton || rh === null ? viaSensitivity.params : [tf.add(dW, cohortWeightGradient(rh, scaleBy(g[l], net.weightScales[l]) as tf.Tensor3D)), ...db],
        );
        if (l === fromLayer) break;
        let rdh = viaSensitivity.input!;
        if (!gaussNewton) {
          const viaDirection = cohortInputGradient(scaleBy(g[l], net.weightScales[l]) as tf.Tensor3D, directions[l - fromLayer].W);
          rdh = tf.add(rdh, viaDirection) as tf.Tensor3D;
        }
        rg = tf.mul(rdh, slopes[l - 1]!) as tf.Tensor3D;
        if (!gaussNewton) rg = tf.add(rg, tf.mul(tf.mul(inputGradient[l]!, bends[l - 1]!), tangents[l - 1])) as tf.Tensor3D;
      }
      return perLayer.flat();
    },
  };
}

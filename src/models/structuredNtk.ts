// The exact empirical NTK of a cohort's dense network from its layer structure, never building the
// Jacobian (SPEC §4 "NTK metrics"; neural-tangents' empirical_ntk_fn with trace_axes=(-1,)).
import * as tf from '@tensorflow/tfjs';
import { nonlinearity } from './activation.js';
import { cohortMatMulTransposed, gram } from './cohortMatMul.js';
import { forwardTrace } from './forward.js';
import type { DenseLayer, NetworkStructure } from './network.js';
import { scaleBy, squaredScale } from './runScale.js';

/**
 * K = J Jᵀ / o of each run on shared points x [P, d], for the parameters of layers fromLayer..L-1
 * (`layers` holds all L layers): [K, P, P]. J is the (P o) x |theta| Jacobian of the outputs.
 *
 * With A_l the input of layer l ([P, n_l] for l = 0, else [K, P, n_l]) and D_l = ∂f/∂z_l for every
 * output k ([K, P, o, n_{l+1}]), ∂f_k/∂W_l[i, j] = scale_l A_l[i] D_l[k, j] and ∂f_k/∂b_l[j] = bscale_l D_l[k, j], so
 *   K(x, x') = (1/o) Σ_l (scale_l² A_l(x)·A_l(x') + bscale_l² [bias]) Σ_k D_lk(x)·D_lk(x'),
 * and D comes from back-propagation batched over the outputs:
 *   D_{L-1} = alpha I_o,  D_{l-1} = scale_l (D_l W_lᵀ) ⊙ phi'(z_{l-1}).
 */
export function structuredNtk(net: NetworkStructure, layers: DenseLayer[], x: tf.Tensor2D, fromLayer: number): tf.Tensor3D {
  return tf.tidy(() => {
    const { dphi } = nonlinearity(net.activation);
    const { layerInputs, preActivations } = forwardTrace(net, layers, x);
    const K = layers[0].W.shape[0];
    const P = x.shape[0];
    const o = net.widths[net.widths.length - 1];
    // D_l is kept as [K, P o, n_{l+1}], row (p, k) = ∂f_k(x_p)/∂z_l; for the last layer row (p, k) is alpha e_k.
    let D = scaleBy(tf.tile(tf.reshape(tf.eye(o), [1, o, o]), [K, P, 1]), net.outputScale) as tf.Tensor3D;
    let kernel: tf.Tensor = tf.zeros([K, P, P]);
    for (let l = layers.length - 1; l >= fromLayer; l--) {
      const perPoint = tf.reshape(D, [K, P, o * net.widths[l + 1]]) as tf.Tensor3D;
      const sensitivityGram = cohortMatMulTransposed(perPoint, perPoint);
      const input = layerInputs[l];
      const ownGram = input.rank === 2 ? gram(input as tf.Tensor2D) : cohortMatMulTransposed(input, input as tf.Tensor3D);
      const inputGram = scaleBy(ownGram, squaredScale(net.weightScales[l]));
      const parameterGram = net.bias ? tf.add(inputGram, squaredScale(net.biasScales[l])) : inputGram;
      kernel = tf.add(kernel, tf.mul(parameterGram, sensitivityGram));
      if (l > fromLayer) {
        const n = net.widths[l];
        const throughWeights = scaleBy(cohortMatMulTransposed(D, layers[l].W), net.weightScales[l]);
        const throughActivation = tf.mul(tf.reshape(throughWeights, [K, P, o, n]), tf.expandDims(dphi(preActivations[l - 1]), 2));
        D = tf.reshape(throughActivation, [K, P * o, n]);
      }
    }
    return tf.div(kernel, o) as tf.Tensor3D;
  });
}

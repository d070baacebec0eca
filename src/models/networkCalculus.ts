// A cohort's dense network and its calculus, by chaining the layers of denseLayer.ts through the
// nonlinearity phi: the forward trace, the hand-written backward pass, the tangent (linearized) pass and
// the exact empirical NTK. With h_{-1} = x, z_l = s_l (h_{l-1} W_l) + t_l b_l, h_l = phi(z_l) for
// l < L - 1, and the output f = alpha z_{L-1} (NetworkStructure's symbols).
import * as tf from '@tensorflow/tfjs';
import { nonlinearity } from './activation.js';
import { denseBackward, denseForward, denseNtkPullback, denseNtkTerm, denseTangent } from './denseLayer.js';
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
 * Forward: the network at `layers` (every layer, L of them) on x [B, d] shared or [K, B, d] per run,
 * keeping each layer's input and pre-activation (the backward pass and the NTK need them).
 */
export function forwardTrace(net: NetworkStructure, layers: DenseLayer[], x: tf.Tensor): ForwardTrace {
  const { phi } = nonlinearity(net.activation);
  const layerInputs: tf.Tensor[] = [];
  const preActivations: tf.Tensor3D[] = [];
  let h = x;
  layers.forEach((layer, l) => {
    layerInputs.push(h);
    const z = denseForward(net, l, layer, h);
    preActivations.push(z);
    if (l < layers.length - 1) h = phi(z);
  });
  const output = scaleBy(preActivations[layers.length - 1], net.outputScale) as tf.Tensor3D;
  return { layerInputs, preActivations, output };
}

/**
 * Backward: gradients of layers fromLayer..L-1 ([W, b] per layer, b absent without bias) from dOutput =
 * dL/df [K, B, o], for the network whose forward pass at `layers` is `trace`, with no autodiff tape
 * (tfjs's tape copies every operand it saves and adds ops; on wasm its matMul gradient also multiplies by
 * transposed operands, a slow path). The chain rule: dz_{L-1} = alpha df, then per layer denseBackward
 * and dz_{l-1} = dh_{l-1} ⊙ phi'(z_{l-1}). Layers below fromLayer (frozen ones, and the data below
 * layer 0) get no gradient and cost nothing.
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
    const gradients = denseBackward(net, l, layers[l], trace.layerInputs[l], dz, l > fromLayer);
    perLayer.unshift(gradients.params);
    if (gradients.input !== null) dz = tf.mul(gradients.input, dphi(trace.preActivations[l - 1])) as tf.Tensor3D;
  }
  return perLayer.flat();
}

/**
 * Tangent: f_lin(x, theta) = f(x, theta0) + J(x, theta0)(theta - theta0), [K, B, o], for x [B, d] shared or
 * [K, B, d], without forming J (DESIGN.md "Models and metrics"). The tangent dtheta = theta - theta0 is
 * pushed through the network at theta0 by the chain rule (the JVP, as jax.linearize / neural-tangents'
 * nt.linearize evaluate it): denseTangent per layer from dh_{-1} = 0, dh_l = phi'(z_l) ⊙ dz_l, and
 * f_lin = alpha (z_{L-1} + dz_{L-1}). Differentiable in theta (autodiff then gives J(x, theta0)ᵀ times the
 * output gradient).
 */
export function linearizedForward(net: NetworkStructure, theta0: DenseLayer[], theta: DenseLayer[], x: tf.Tensor): tf.Tensor3D {
  const { phi, dphi } = nonlinearity(net.activation);
  const last = theta0.length - 1;
  let h = x;
  let dh: tf.Tensor | null = null;
  for (let l = 0; l < last; l++) {
    const { z, dz } = denseTangent(net, l, theta0[l], theta[l], h, dh);
    dh = tf.mul(dphi(z), dz);
    h = phi(z);
  }
  const { z, dz } = denseTangent(net, last, theta0[last], theta[last], h, dh);
  return scaleBy(tf.add(z, dz), net.outputScale) as tf.Tensor3D;
}

/**
 * NTK: K = J(x) J(x')ᵀ / o of each run between the points x [P, d] and x' [Q, d] (default: x' = x), for the
 * parameters of layers fromLayer..L-1 (`layers` holds all L layers): [K, P, Q], never building the (P o) x |theta|
 * Jacobian J of the outputs (SPEC §4 "NTK metrics"; neural-tangents' empirical_ntk_fn with trace_axes=(-1,)). The
 * kernel is the sum of the layers' denseNtkTerm, with D_l = ∂f/∂z_l from back-propagation batched over the outputs,
 * on each side:
 *   D_{L-1} = alpha I_o,  D_{l-1} = (s_l D_l W_lᵀ) ⊙ phi'(z_{l-1}).
 */
export function structuredNtk(net: NetworkStructure, layers: DenseLayer[], x: tf.Tensor2D, fromLayer: number, x2?: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const { dphi } = nonlinearity(net.activation);
    const K = layers[0].W.shape[0];
    const o = net.widths[net.widths.length - 1];
    const sides = (x2 === undefined ? [x] : [x, x2]).map((points) => {
      const P = points.shape[0];
      const { layerInputs, preActivations } = forwardTrace(net, layers, points);
      // D_l is kept as [K, P o, n_{l+1}], row (p, k) = ∂f_k(x_p)/∂z_l; for the last layer row (p, k) is alpha e_k.
      const D = scaleBy(tf.tile(tf.reshape(tf.eye(o), [1, o, o]), [K, P, 1]), net.outputScale) as tf.Tensor3D;
      return { P, layerInputs, preActivations, D };
    });
    const [first, second] = [sides[0], sides[sides.length - 1]];
    let kernel: tf.Tensor = tf.zeros([K, first.P, second.P]);
    for (let l = layers.length - 1; l >= fromLayer; l--) {
      kernel = tf.add(kernel, denseNtkTerm(net, l, first.layerInputs[l], first.D, second.layerInputs[l], second.D));
      if (l > fromLayer) {
        const n = net.widths[l];
        for (const side of sides) {
          const throughWeights = denseNtkPullback(net, l, layers[l], side.D);
          const throughActivation = tf.mul(tf.reshape(throughWeights, [K, side.P, o, n]), tf.expandDims(dphi(side.preActivations[l - 1]), 2));
          side.D = tf.reshape(throughActivation, [K, side.P * o, n]) as tf.Tensor3D;
        }
      }
    }
    return tf.div(kernel, o) as tf.Tensor3D;
  });
}

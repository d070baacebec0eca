// Checks one dense layer's calculus against independent references: its backward pass (VJP) against tfjs
// autodiff of its forward pass, its tangent (JVP) against the exact expansion of the bilinear layer
// z(theta0 + dtheta, h + dh) = z + dz + s dh dW, and its NTK term against the per-parameter Jacobian
// products of its definition. Per-run scales (ntk, w_std and b_std differing) and per-run inputs.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { denseBackward, denseForward, denseNtkTerm, denseTangent } from '../../src/models/denseLayer.js';
import { networkStructure, type DenseLayer } from '../../src/models/network.js';
import { describeEachBackend } from '../helpers/backends.js';
import { networkConfig, normalTensor, relativeError } from './support.js';

// float32 sums of a few dozen terms: 1e-5 relative is far above the rounding seen; a wrong scale, transpose
// or run mix-up is off by O(1).
const TOLERANCE = 1e-5;
const K = 2;
const B = 6;
const widths = [3, 5, 4];

/** Two runs of a [3, 5, 4] network with different w_std and b_std, so that s_l and t_l are per-run tensors. */
function structure() {
  const configs = [1, 2].map((r) => networkConfig('mlp', { hidden: [5], w_std: r, b_std: 0.1 * r }));
  return networkStructure(configs, widths[0], widths[2]);
}

/** Layer 1's parameters (5 -> 4) for K runs, drawn from `seed`. */
function layer(seed: number, std = 1): DenseLayer & { b: tf.Tensor2D } {
  return { W: normalTensor([K, 5, 4], seed, std) as tf.Tensor3D, b: normalTensor([K, 4], seed + 1, std) as tf.Tensor2D };
}

const values = (t: tf.Tensor) => Array.from(t.dataSync());

// Each test's tensors (the network's per-run scales too) live in its own tf.tidy.
describeEachBackend('dense layer', () => {
  it('back-propagates as autodiff of its forward pass', () => tf.tidy(() => {
    const net = structure();
    const { W, b } = layer(1);
    const h = normalTensor([K, B, 5], 3);
    const dz = normalTensor([K, B, 4], 4) as tf.Tensor3D;
    const forward = (W_: tf.Tensor, b_: tf.Tensor, h_: tf.Tensor) => denseForward(net, 1, { W: W_ as tf.Tensor3D, b: b_ as tf.Tensor2D }, h_);
    const expected = tf.grads((W_, b_, h_) => tf.sum(tf.mul(forward(W_, b_, h_), dz)))([W, b, h]);
    const got = denseBackward(net, 1, { W, b }, h, dz, true);
    expect(relativeError(values(got.params[0]), values(expected[0]))).toBeLessThan(TOLERANCE);
    expect(relativeError(values(got.params[1]), values(expected[1]))).toBeLessThan(TOLERANCE);
    expect(relativeError(values(got.input as tf.Tensor), values(expected[2]))).toBeLessThan(TOLERANCE);
    expect(denseBackward(net, 1, { W, b }, h, dz, false).input).toBeNull();
  }));

  it('pushes a tangent forward as the bilinear layer expands: z(theta, h + dh) = z + dz + s dh dW', () => tf.tidy(() => {
    const net = structure();
    const layer0 = layer(1);
    const step = layer(5, 0.1);
    const theta = { W: tf.add(layer0.W, step.W) as tf.Tensor3D, b: tf.add(layer0.b, step.b) as tf.Tensor2D };
    const h = normalTensor([K, B, 5], 3);
    const dh = normalTensor([K, B, 5], 7, 0.1);
    const { z, dz } = denseTangent(net, 1, layer0, theta, h, dh);
    const exact = denseForward(net, 1, theta, tf.add(h, dh));
    // The second-order term s_1 dh dW: z is bilinear in (h, W), so nothing else is left.
    const secondOrder = tf.mul(tf.matMul(dh as tf.Tensor3D, step.W), net.weightScales[1]);
    expect(relativeError(values(tf.add(tf.add(z, dz), secondOrder)), values(exact))).toBeLessThan(TOLERANCE);
    expect(values(z)).toEqual(values(denseForward(net, 1, layer0, h)));
  }));

  it('gives the NTK term of its definition: sum over its parameters of the Jacobian products', () => tf.tidy(() => {
    const net = structure();
    const P = 3;
    const o = widths[2];
    const A = normalTensor([K, P, 5], 3);
    // D [K, P o, n_2], row (p, k): ∂f_k(x_p)/∂z_1 for a made-up downstream network.
    const D = normalTensor([K, P * o, 4], 9) as tf.Tensor3D;
    const got = values(denseNtkTerm(net, 1, A, D));
    const [a, d] = [A.arraySync() as number[][][], D.arraySync() as number[][][]];
    const [s, t] = [net.weightScales[1], net.biasScales[1]].map((scale) => values(scale as tf.Tensor));
    // ∂f_k(x_p)/∂W[i, j] = s A[p, i] D[(p, k), j], ∂f_k(x_p)/∂b[j] = t D[(p, k), j]; sum over k, i, j.
    const expected: number[] = [];
    for (let r = 0; r < K; r++) {
      for (let p = 0; p < P; p++) {
        for (let q = 0; q < P; q++) {
          let sum = 0;
          for (let k = 0; k < o; k++) {
            for (let j = 0; j < 4; j++) {
              const sensitivity = d[r][p * o + k][j] * d[r][q * o + k][j];
              for (let i = 0; i < 5; i++) sum += s[r] ** 2 * a[r][p][i] * a[r][q][i] * sensitivity;
              sum += t[r] ** 2 * sensitivity;
            }
          }
          expected.push(sum);
        }
      }
    }
    expect(relativeError(got, expected)).toBeLessThan(TOLERANCE);
  }));
});

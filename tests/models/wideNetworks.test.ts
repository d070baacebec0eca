// Checks the network models at widths where wasm computes their products in 2-D layouts (per run, runs as
// columns) with hand-written gradients: outputs, gradients and kernels against tfjs's plain autodiff of a
// forward pass written here with tf.matMul, on per-run and shared inputs.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { NetworkModel } from '../../src/config/types.js';
import { chooseLayout } from '../../src/models/cohortMatMul.js';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, kernelFromJacobian, kernelOfRun, moved, networkConfig, normalTensor, relativeError } from './support.js';

const K = 2;
const DIM = 32;
const HIDDEN = [64, 48];
const OUTPUTS = 3;
const BATCH = 16;
// float32 sums of up to 64 terms, then products of three layers: 1e-5 relative (Frobenius) is ~20x the
// rounding seen; a wrong transpose, a lost gradient or a mixed-up run is off by O(1).
const TOLERANCE = 1e-5;

/** Standard parameterization, relu, bias: z_l = h W_l + b_l, the plain tfjs way (tfjs differentiates it). */
function plainForward(layers: tf.Tensor[], x: tf.Tensor): tf.Tensor3D {
  let h = x.rank === 2 ? tf.tile(tf.expandDims(x, 0), [K, 1, 1]) : x;
  for (let i = 0; i < layers.length; i += 2) {
    const z = tf.add(tf.matMul(h as tf.Tensor3D, layers[i] as tf.Tensor3D), tf.expandDims(layers[i + 1], 1));
    h = i + 2 < layers.length ? tf.relu(z) : z;
  }
  return h as tf.Tensor3D;
}

const settings: Partial<Omit<NetworkModel, 'kind'>> = { hidden: HIDDEN, parameterization: 'standard' };
const configs = (kind: NetworkModel['kind']) => [networkConfig(kind, settings), networkConfig(kind, settings)];

describeEachBackend('networks at widths that take the 2-D layouts', (backend) => {
  it('these widths do take them on wasm', () => {
    const expected = backend === 'wasm' ? ['per-run', 'columns', 'per-run'] : ['batched', 'batched', 'batched'];
    expect([
      chooseLayout(K, BATCH, DIM, HIDDEN[0], false),
      chooseLayout(K, BATCH, DIM, HIDDEN[0], true),
      chooseLayout(K, BATCH, HIDDEN[0], HIDDEN[1], false),
    ]).toEqual(expected);
  });

  it.each([
    { inputs: 'per-run', shape: [K, BATCH, DIM] },
    { inputs: 'shared', shape: [BATCH, DIM] },
  ])('mlp: output and gradient of sum(f ⊙ R) equal plain autodiff ($inputs inputs)', ({ shape }) => {
    const model = cohortOf(configs('mlp'), DIM, OUTPUTS);
    const theta0 = model.init();
    const params = moved(theta0, 31, 0.05);
    const x = normalTensor(shape, 32);
    const R = normalTensor([K, BATCH, OUTPUTS], 33);
    const loss = (forward: (ps: tf.Tensor[]) => tf.Tensor) => (...ps: tf.Tensor[]) => tf.sum(tf.mul(forward(ps), R));
    const f = tf.tidy(() => model.apply(params, x));
    const reference = tf.tidy(() => plainForward(params, x));
    expect(relativeError(f.dataSync(), reference.dataSync())).toBeLessThan(TOLERANCE);
    const grads = tf.grads(loss((ps) => model.apply(ps, x)))(params);
    const expected = tf.grads(loss((ps) => plainForward(ps, x)))(params);
    grads.forEach((g, i) => expect(relativeError(g.dataSync(), expected[i].dataSync()), model.paramNames[i]).toBeLessThan(TOLERANCE));
    tf.dispose([theta0, params, x, R, f, reference, ...grads, ...expected]);
    model.dispose();
  });

  it('linear-probe: the gradient of its last layer equals plain autodiff through the frozen mlp', () => {
    const probe = cohortOf(configs('linear-probe'), DIM, OUTPUTS);
    const mlp = cohortOf(configs('mlp'), DIM, OUTPUTS);
    const full = mlp.init();
    const last = moved(probe.init(), 34, 0.05);
    const x = normalTensor([K, BATCH, DIM], 35);
    const R = normalTensor([K, BATCH, OUTPUTS], 36);
    const frozen = full.slice(0, -2);
    const grads = tf.grads((...ps: tf.Tensor[]) => tf.sum(tf.mul(probe.apply(ps, x), R)))(last);
    const expected = tf.grads((...ps: tf.Tensor[]) => tf.sum(tf.mul(plainForward([...frozen, ...ps], x), R)))(last);
    grads.forEach((g, i) => expect(relativeError(g.dataSync(), expected[i].dataSync())).toBeLessThan(TOLERANCE));
    tf.dispose([full, last, x, R, ...grads, ...expected]);
    probe.dispose();
    mlp.dispose();
  });

  it('linearized: its gradient anywhere is J(θ0)ᵀ R, the plain mlp gradient at θ0', () => {
    const linearized = cohortOf(configs('linearized'), DIM, OUTPUTS);
    const theta0 = linearized.init();
    const theta = moved(theta0, 37, 0.2);
    const x = normalTensor([K, BATCH, DIM], 38);
    const R = normalTensor([K, BATCH, OUTPUTS], 39);
    const grads = tf.grads((...ps: tf.Tensor[]) => tf.sum(tf.mul(linearized.apply(ps, x), R)))(theta);
    const expected = tf.grads((...ps: tf.Tensor[]) => tf.sum(tf.mul(plainForward(ps, x), R)))(theta0);
    grads.forEach((g, i) => expect(relativeError(g.dataSync(), expected[i].dataSync())).toBeLessThan(TOLERANCE));
    tf.dispose([theta0, theta, x, R, ...grads, ...expected]);
    linearized.dispose();
  });

  it('structured NTK = J Jᵀ / o with J built by plain autodiff, row by row', () => {
    const points = 16;
    const model = cohortOf(configs('mlp'), DIM, OUTPUTS);
    const theta0 = model.init();
    const params = moved(theta0, 40, 0.05);
    const x = normalTensor([points, DIM], 41) as tf.Tensor2D;
    const kernel = tf.tidy(() => model.ntk(params, x));
    for (let r = 0; r < K; r++) {
      const rows: Float64Array[] = [];
      for (let p = 0; p < points; p++) {
        for (let k = 0; k < OUTPUTS; k++) {
          const grads = tf.grads((...ps: tf.Tensor[]) => tf.reshape(tf.slice(plainForward(ps, x), [r, p, k], [1, 1, 1]), []))(params);
          rows.push(Float64Array.from(grads.flatMap((g) => Array.from(g.dataSync().subarray((r * g.size) / K, ((r + 1) * g.size) / K)))));
          tf.dispose(grads);
        }
      }
      expect(relativeError(kernelOfRun(kernel, r), kernelFromJacobian(rows, points)), `run ${r}`).toBeLessThan(TOLERANCE);
    }
    tf.dispose([theta0, params, x, kernel]);
    model.dispose();
  });
});

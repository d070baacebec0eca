// Checks each model's hand-written backward pass (forwardBackward) against tfjs autodiff of its apply and
// penalty: for dOutput = R, the gradients must be those of sum(apply(θ, x) ⊙ R) + sum(penalty(θ)). Widths
// cover both the tfjs batched products and (on wasm) the 2-D layouts; settings cover per-run scales,
// every activation, no bias, centering, frozen layers and shared or per-run inputs.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { LinearModel, ModelConfig, NetworkModel, RidgeModel } from '../../src/config/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, moved, networkConfig, normalTensor, relativeError } from './support.js';

// float32 sums of up to 64 terms through three layers: 1e-5 relative (Frobenius) is ~20x the rounding
// seen; a wrong transpose, scale, phi' or run mix-up is off by O(1).
const TOLERANCE = 1e-5;
const OUTPUTS = 3;
const BATCH = 16;

interface Case {
  name: string;
  configs: ModelConfig[];
  dim: number;
  shared: boolean;
}

const wide = (fields: Partial<Omit<NetworkModel, 'kind'>>) => ({ hidden: [64, 48], ...fields });
const cases: Case[] = [
  // 2-D layouts on wasm: 16 x 32 x 64 multiply-adds per product (K = 1 per-run; K = 2 columns for shared x).
  { name: 'mlp, standard, relu, K = 1', configs: [networkConfig('mlp', wide({ parameterization: 'standard' }))], dim: 32, shared: false },
  { name: 'mlp, standard, relu, K = 2, shared x', configs: [0, 1].map(() => networkConfig('mlp', wide({ parameterization: 'standard' }))), dim: 32, shared: true },
  {
    name: 'mlp, ntk, tanh, per-run w_std, b_std, output_scale, K = 2',
    configs: [1, 2].map((s) => networkConfig('mlp', wide({ activation: 'tanh', w_std: s, b_std: 0.1 * s, output_scale: 0.5 * s }))),
    dim: 32,
    shared: false,
  },
  // Small widths: the tfjs batched products.
  { name: 'mlp, gelu, no bias, K = 2', configs: [0, 1].map(() => networkConfig('mlp', { hidden: [6, 5], activation: 'gelu', bias: false })), dim: 4, shared: false },
  { name: 'mlp, erf, bias, K = 2', configs: [1, 1.5].map((s) => networkConfig('mlp', { hidden: [6, 5], activation: 'erf', w_std: s })), dim: 4, shared: false },
  { name: 'mlp, centered, K = 2, shared x', configs: [true, false].map((center) => networkConfig('mlp', { hidden: [6], center })), dim: 4, shared: true },
  { name: 'linear-probe, relu, K = 2', configs: [1, 2].map((s) => networkConfig('linear-probe', wide({ w_std: s }))), dim: 32, shared: false },
  { name: 'linear-probe, centered, K = 1, shared x', configs: [networkConfig('linear-probe', { hidden: [6], center: true })], dim: 4, shared: true },
  { name: 'linear, K = 2', configs: [0, 1].map((): LinearModel => ({ kind: 'linear', init: 'normal' })), dim: 5, shared: false },
  { name: 'linear, K = 1, wide, shared x', configs: [{ kind: 'linear', init: 'normal' } as LinearModel], dim: 1200, shared: true },
  { name: 'ridge, per-run lambda, K = 2', configs: [0.01, 0.3].map((lambda): RidgeModel => ({ kind: 'ridge', init: 'normal', lambda })), dim: 5, shared: true },
];

describeEachBackend('forwardBackward', () => {
  it.each(cases)('$name: outputs and gradients equal autodiff', ({ configs, dim, shared }) => {
    const model = cohortOf(configs, dim, OUTPUTS);
    const K = configs.length;
    const theta0 = model.init();
    const params = moved(theta0, 41, 0.05);
    const x = normalTensor(shared ? [BATCH, dim] : [K, BATCH, dim], 42);
    const R = normalTensor([K, BATCH, OUTPUTS], 43) as tf.Tensor3D;
    const [output, grads] = tf.tidy(() => {
      const pass = model.forwardBackward!(params, x);
      return [pass.output, pass.gradients(R)];
    });
    const reference = tf.tidy(() => model.apply(params, x));
    expect(relativeError(output.dataSync(), reference.dataSync())).toBeLessThan(TOLERANCE);
    const expected = tf.grads((...ps: tf.Tensor[]) => {
      const penalty = model.penalty(ps);
      const data = tf.sum(tf.mul(model.apply(ps, x), R));
      return penalty === null ? data : tf.add(data, tf.sum(penalty));
    })(params);
    expect(grads.length).toBe(expected.length);
    grads.forEach((g, i) => {
      expect(g.shape, model.paramNames[i]).toEqual(expected[i].shape);
      expect(relativeError(g.dataSync(), expected[i].dataSync()), model.paramNames[i]).toBeLessThan(TOLERANCE);
    });
    tf.dispose([theta0, params, x, R, output, reference, ...grads, ...expected]);
    model.dispose();
  });
});

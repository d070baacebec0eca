// The models' exact Hessian-vector products (CohortModel.curvature: networkHessian.ts for the networks, linear.ts
// for linear/ridge) against a dense float64 Hessian built by a second method: central second differences of each
// run's objective computed in float64 from the spec's forward pass (support.ts referenceForward), or for the
// linearized model Jᵀ (2/(B o)) J with J by tfjs autodiff. Two runs per cohort, with different seeds and
// per-run multipliers, each checked against its own Hessian (no product mixes runs).
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { LossKind, NetworkModel } from '../../src/config/types.js';
import { layerWidths } from '../../src/models/parameterCount.js';
import { outputDerivatives } from '../../src/train/loss.js';
import { describeEachBackend } from '../helpers/backends.js';
import { finiteDifferenceHessian, matVec } from '../helpers/denseHessian.js';
import { cohortOf, explicitJacobians, moved, networkConfig, normalTensor, referenceForward, runParams } from './support.js';

const B = 5;
const d = 3;

/** Each run's data loss in float64: mse mean over examples and outputs, or cross-entropy against labels. */
function loss64(kind: LossKind, outputs: number[][], y: number[][]): number {
  let sum = 0;
  outputs.forEach((f, b) => {
    if (kind === 'mse') f.forEach((value, k) => (sum += (value - y[b][k]) ** 2 / f.length));
    else {
      const max = Math.max(...f);
      const logZ = max + Math.log(f.reduce((s, value) => s + Math.exp(value - max), 0));
      f.forEach((value, k) => (sum -= y[b][k] * (value - logZ)));
    }
  });
  return sum / outputs.length;
}

function split(flat: Float64Array, sizes: number[]): Float64Array[] {
  let offset = 0;
  return sizes.map((size) => flat.slice(offset, (offset += size)));
}

function concat(parts: Float64Array[]): Float64Array {
  return Float64Array.from(parts.flatMap((part) => Array.from(part)));
}

/** Random targets: regression rows, or one-hot rows of random labels. */
function targets(kind: LossKind, o: number): number[][] {
  const draws = normalTensor([B, o], 7).arraySync() as number[][];
  if (kind === 'mse') return draws;
  return draws.map((row) => row.map((_, k) => (k === row.indexOf(Math.max(...row)) ? 1 : 0)));
}

/** Hv from the model's curvature operator for directions v [K, ...] per parameter, each run's slice in float64. */
function modelProducts(kind: NetworkModel['kind'], configs: NetworkModel[], o: number, lossKind: LossKind, params: tf.Tensor[], v: tf.Tensor[], x: tf.Tensor2D, y: number[][]) {
  const model = cohortOf(configs, d, o);
  const products = tf.tidy(() => {
    const yt = tf.tensor2d(y);
    return model.curvature!(params, x, (f) => outputDerivatives(lossKind, f, yt)).product(v);
  });
  const perRun = configs.map((_, r) => concat(runParams(products, r)));
  tf.dispose(products);
  model.dispose();
  expect(model.paramNames.length, kind).toBe(params.length);
  return perRun;
}

const cases: { name: string; kind: NetworkModel['kind']; fields: Partial<NetworkModel>; loss: LossKind; o: number }[] = [
  { name: 'mlp relu, two hidden layers, mse', kind: 'mlp', fields: { hidden: [4, 3], activation: 'relu' }, loss: 'mse', o: 2 },
  { name: 'mlp tanh, two hidden layers, mse', kind: 'mlp', fields: { hidden: [4, 3], activation: 'tanh' }, loss: 'mse', o: 2 },
  { name: 'mlp erf, mse', kind: 'mlp', fields: { hidden: [4], activation: 'erf' }, loss: 'mse', o: 2 },
  { name: 'mlp gelu, cross-entropy', kind: 'mlp', fields: { hidden: [4], activation: 'gelu' }, loss: 'cross-entropy', o: 3 },
  { name: 'mlp tanh without bias, standard, cross-entropy', kind: 'mlp', fields: { hidden: [4, 3], activation: 'tanh', bias: false, parameterization: 'standard' }, loss: 'cross-entropy', o: 3 },
  { name: 'linear-probe tanh, mse', kind: 'linear-probe', fields: { hidden: [4, 3], activation: 'tanh' }, loss: 'mse', o: 2 },
];

describeEachBackend('CohortModel.curvature', () => {
  for (const c of cases) {
    it(`${c.name}: H v equals the dense float64 Hessian (second differences) times v`, () => {
      const configs = [networkConfig(c.kind, c.fields), networkConfig(c.kind, { ...c.fields, w_std: 1.5, output_scale: 0.7 })];
      const widths = layerWidths(configs[0].hidden, d, c.o);
      const x = normalTensor([B, d], 3) as tf.Tensor2D;
      const xs = x.arraySync() as number[][];
      const y = targets(c.loss, c.o);
      // The full network's parameters at init (an mlp of the same seeds: a probe's frozen layers are these).
      const mlp = cohortOf(configs.map((config) => ({ ...config, kind: 'mlp' as const })), d, c.o);
      const model = cohortOf(configs, d, c.o);
      const init = model.init();
      const params = moved(init, 5, 0.3);
      const v = params.map((p, i) => normalTensor(p.shape, 40 + i));
      const products = modelProducts(c.kind, configs, c.o, c.loss, params, v, x, y);
      const full0 = mlp.init();
      configs.forEach((config, r) => {
        const frozen = runParams(full0, r).slice(0, runParams(full0, r).length - params.length);
        const sizes = runParams(params, r).map((p) => p.length);
        const objective = (theta: Float64Array) =>
          loss64(c.loss, xs.map((row) => referenceForward(config, widths, [...frozen, ...split(theta, sizes)], row)), y);
        const H = finiteDifferenceHessian(objective, concat(runParams(params, r)));
        const expected = matVec(H, concat(runParams(v, r)));
        const error = Math.hypot(...expected.map((e, i) => e - products[r][i])) / Math.hypot(...expected);
        expect(error, `run ${r}`).toBeLessThan(1e-4);
      });
      tf.dispose([x, init, params, v, full0]);
      model.dispose();
      mlp.dispose();
    });
  }

  it('linearized tanh, mse: H v equals J(θ0)ᵀ (2/(B o)) J(θ0) v, J by autodiff (the model is affine in θ)', () => {
    const o = 2;
    const configs = [networkConfig('linearized', { hidden: [4], activation: 'tanh' }), networkConfig('linearized', { hidden: [4], activation: 'tanh', w_std: 1.5 })];
    const x = normalTensor([B, d], 3) as tf.Tensor2D;
    const y = targets('mse', o);
    const mlp = cohortOf(configs.map((config) => ({ ...config, kind: 'mlp' as const })), d, o);
    const theta0 = mlp.init();
    const jacobians = explicitJacobians(mlp, theta0, x);
    const model = cohortOf(configs, d, o);
    const init = model.init();
    const params = moved(init, 5, 0.3);
    const v = params.map((p, i) => normalTensor(p.shape, 40 + i));
    const products = modelProducts('linearized', configs, o, 'mse', params, v, x, y);
    configs.forEach((_, r) => {
      const J = jacobians[r];
      const vr = concat(runParams(v, r));
      const Jv = J.map((row) => row.reduce((s, value, i) => s + value * vr[i], 0));
      const expected = vr.map((_, i) => J.reduce((s, row, p) => s + row[i] * Jv[p], 0) * (2 / (B * o)));
      const error = Math.hypot(...expected.map((e, i) => e - products[r][i])) / Math.hypot(...expected);
      expect(error, `run ${r}`).toBeLessThan(1e-4);
    });
    tf.dispose([x, theta0, init, params, v]);
    model.dispose();
    mlp.dispose();
  });
});

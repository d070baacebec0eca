// KernelDynamics against parameter-space training: a linear model on fixed features Φ has kernel Θ = Φ Φᵀ and
// is its own linearization, so its weights trained by torch's update rules in float64 on the host (a second
// method: parameter space, no kernel) must give the losses the function-space recursion gives, step by step.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { OptimizerConfig } from '../../src/config/types.js';
import { Rng } from '../../src/lib/rng.js';
import { KernelDynamics } from '../../src/theory/kernelDynamics.js';
import { describeEachBackend } from '../helpers/backends.js';
import { optimizerConfig } from '../optim/support.js';

const n = 12; // training examples
const m = 5; // test examples
const p = 7; // features
const o = 2; // outputs
const rng = new Rng(11, 'test');
const phiTrain = rng.normals(n * p, 1);
const phiTest = rng.normals(m * p, 1);
const yTrain = rng.normals(n * o, 1);
const yTest = rng.normals(m * o, 1);

/** A Bᵀ for row-major A [r, p] and B [s, p], float64. */
function gram(a: ArrayLike<number>, r: number, b: ArrayLike<number>, s: number): Float64Array {
  const out = new Float64Array(r * s);
  for (let i = 0; i < r; i++) for (let j = 0; j < s; j++) for (let k = 0; k < p; k++) out[i * s + j] += a[i * p + k] * b[j * p + k];
  return out;
}

/** mse of Φ W against y (float64), Φ [rows, p], W [p, o]. */
function mse(phi: ArrayLike<number>, rows: number, W: Float64Array, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < o; a++) {
      let f = 0;
      for (let k = 0; k < p; k++) f += phi[i * p + k] * W[k * o + a];
      sum += (f - y[i * o + a]) ** 2;
    }
  }
  return sum / (rows * o);
}

/**
 * Train and test mse after each of `steps` updates of W (from W0) by torch.optim.SGD (momentum buffer b_1 = g,
 * then b = μ b + (1 − d) g; direction b, or g + μ b for Nesterov) on mse over each step's batch, in float64.
 */
function parameterSpace(config: OptimizerConfig, W0: Float64Array, batches: number[][], lr: (t: number) => number) {
  const W = Float64Array.from(W0);
  const b = new Float64Array(p * o);
  const mu = 'momentum' in config ? config.momentum : 0;
  const d = 'dampening' in config ? config.dampening : 0;
  const losses = [];
  for (let t = 1; t <= batches.length; t++) {
    const batch = batches[t - 1];
    const g = new Float64Array(p * o);
    for (const i of batch) {
      for (let a = 0; a < o; a++) {
        let f = -yTrain[i * o + a];
        for (let k = 0; k < p; k++) f += phiTrain[i * p + k] * W[k * o + a];
        for (let k = 0; k < p; k++) g[k * o + a] += ((2 / (batch.length * o)) * f) * phiTrain[i * p + k];
      }
    }
    for (let j = 0; j < p * o; j++) {
      if (config.kind === 'sgd' || config.kind === 'gd') {
        W[j] -= lr(t) * g[j];
        continue;
      }
      b[j] = t === 1 ? g[j] : mu * b[j] + (1 - d) * g[j];
      W[j] -= lr(t) * (config.kind === 'nesterov' ? g[j] + mu * b[j] : b[j]);
    }
    losses.push({ train: mse(phiTrain, n, W, yTrain), test: mse(phiTest, m, W, yTest) });
  }
  return losses;
}

/** f_0 = Φ W0 as float32 [rows, o]. */
function outputs(phi: ArrayLike<number>, rows: number, W0: Float64Array): Float32Array {
  const f = new Float32Array(rows * o);
  for (let i = 0; i < rows; i++) for (let a = 0; a < o; a++) for (let k = 0; k < p; k++) f[i * o + a] += phi[i * p + k] * W0[k * o + a];
  return f;
}

describeEachBackend('KernelDynamics', () => {
  const cases: { title: string; configs: OptimizerConfig[]; batch: number | null }[] = [
    { title: 'gd, full batch', configs: [optimizerConfig('gd', { lr: 0.02 }), optimizerConfig('gd', { lr: 0.05 })], batch: null },
    {
      title: 'momentum, full batch',
      configs: [optimizerConfig('momentum', { lr: 0.01 }), optimizerConfig('momentum', { lr: 0.02, momentum: 0.5, dampening: 0.2 })],
      batch: null,
    },
    { title: 'sgd, minibatches of 4', configs: [optimizerConfig('sgd', { lr: 0.05 }), optimizerConfig('sgd', { lr: 0.1 })], batch: 4 },
    {
      title: 'nesterov with dampening, minibatches of 3',
      configs: [optimizerConfig('nesterov', { lr: 0.02 }), optimizerConfig('nesterov', { lr: 0.03, momentum: 0.6, dampening: 0.5 })],
      batch: 3,
    },
  ];
  it.each(cases)('$title: the losses of parameter-space training, to float32 precision', ({ configs, batch }) => {
    const K = configs.length;
    const steps = 30;
    const W0s = configs.map((_, r) => Float64Array.from(new Rng(r, 'init').normals(p * o, 0.5)));
    // Each run's batches: a fresh permutation each epoch, as the trainer's minibatches.
    const batchRng = new Rng(5, 'batches');
    const batches = configs.map(() => {
      const out: number[][] = [];
      let order: number[] = [];
      for (let t = 0; t < steps; t++) {
        if (batch === null) out.push([...Array(n).keys()]);
        else {
          if (order.length < batch) order = Array.from(batchRng.permutation(n));
          out.push(order.splice(0, batch));
        }
      }
      return out;
    });
    const schedule = (t: number) => 1 / (1 + 0.05 * t); // a decaying multiplier, applied the same way to both methods
    const expected = configs.map((config, r) => parameterSpace(config, W0s[r], batches[r], (t) => config.lr * schedule(t)));

    const tensors = tf.tidy(() => ({
      kTrain: tf.tensor3d(Float32Array.from(Array.from({ length: K }, () => Array.from(gram(phiTrain, n, phiTrain, n))).flat()), [K, n, n]),
      kTestTrain: tf.tensor3d(Float32Array.from(Array.from({ length: K }, () => Array.from(gram(phiTest, m, phiTrain, n))).flat()), [K, m, n]),
      f0Train: tf.tensor3d(W0s.flatMap((W0) => Array.from(outputs(phiTrain, n, W0))), [K, n, o]),
      f0Test: tf.tensor3d(W0s.flatMap((W0) => Array.from(outputs(phiTest, m, W0))), [K, m, o]),
      yTrain: tf.tensor2d(Float32Array.from(yTrain), [n, o]),
      yTest: tf.tensor2d(Float32Array.from(yTest), [m, o]),
    }));
    const before = tf.memory().numTensors;
    const dynamics = new KernelDynamics({ ...tensors, optimizers: configs });
    for (let t = 1; t <= steps; t++) {
      const indices = batch === null ? null : Int32Array.from(batches.flatMap((b) => b[t - 1]));
      dynamics.step(indices, { count: t, lr: configs.map((c) => c.lr * schedule(t)) });
      const { train, test } = dynamics.losses();
      for (let r = 0; r < K; r++) {
        expect(train[r]).toBeCloseTo(expected[r][t - 1].train, 4);
        expect(Math.abs(train[r] / expected[r][t - 1].train - 1)).toBeLessThan(2e-5);
        expect(Math.abs(test[r] / expected[r][t - 1].test - 1)).toBeLessThan(2e-5);
      }
    }
    // Training moved: the last loss is well below the first (the comparison is not of two constants).
    expect(expected[0][steps - 1].train).toBeLessThan(0.8 * mse(phiTrain, n, W0s[0], yTrain));
    dynamics.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(tensors);
  });

  it('returns the batch mse before each update', () => {
    const config = optimizerConfig('sgd', { lr: 0.1 });
    const tensors = tf.tidy(() => ({
      kTrain: tf.tensor3d(Float32Array.from(gram(phiTrain, n, phiTrain, n)), [1, n, n]),
      kTestTrain: tf.tensor3d(Float32Array.from(gram(phiTest, m, phiTrain, n)), [1, m, n]),
      f0Train: tf.zeros([1, n, o]) as tf.Tensor3D,
      f0Test: tf.zeros([1, m, o]) as tf.Tensor3D,
      yTrain: tf.tensor2d(Float32Array.from(yTrain), [n, o]),
      yTest: tf.tensor2d(Float32Array.from(yTest), [m, o]),
    }));
    const dynamics = new KernelDynamics({ ...tensors, optimizers: [config] });
    // At f = 0 the batch mse is the mean of y² over the batch's rows.
    const batch = [3, 7, 0];
    const expected = batch.reduce((s, i) => s + yTrain[i * o] ** 2 + yTrain[i * o + 1] ** 2, 0) / (batch.length * o);
    expect(dynamics.step(Int32Array.from(batch), { count: 1, lr: [0.1] })[0]).toBeCloseTo(expected, 5);
    dynamics.dispose();
    tf.dispose(tensors);
  });
});

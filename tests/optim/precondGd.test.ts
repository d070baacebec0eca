// precond-gd on least squares: one full-batch step with lr = o/2 lands on the least-squares solution
// (closed form below), 50 steps of a K = 3 cohort follow a float64 reference, and its guards hold.
import * as tf from '@tensorflow/tfjs';
import { QrDecomposition, Matrix } from 'ml-matrix';
import { expect, it } from 'vitest';
import { buildOptimizer } from '../../src/optim/build.js';
import type { ProblemInfo } from '../../src/optim/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { expectClose, optimizerConfig, runUpdates } from './support.js';

// n = 12 examples, d = 3 features, o = 2 outputs; a fixed, well-conditioned design and noisy targets.
const [n, d, o] = [12, 3, 2];
const X = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(0.9 * (j + 1) * i + 0.3 * j) + 0.2 * j));
const Y = Array.from({ length: n }, (_, i) => [X[i][0] - 2 * X[i][2] + 0.5 + 0.1 * Math.cos(3 * i), 0.3 * X[i][1] - 1 + 0.1 * Math.sin(5 * i)]);
const XTILDE = X.map((row) => [...row, 1]);
const DESIGN: ProblemInfo = { xTrain: Float32Array.from(X.flat()), nTrain: n, dim: d, modelKind: 'linear' };

/** The cohort's mse (sum over runs of each run's mean over examples and outputs of (f - y)^2) and its gradient. */
function mseGradient(params: tf.Tensor[]): tf.Tensor[] {
  const [weights, bias] = params;
  const runs = weights.shape[0];
  const x = tf.tile(tf.tensor3d([X]), [runs, 1, 1]);
  const y = tf.tensor3d([Y]);
  const loss = (w: tf.Tensor, b: tf.Tensor) =>
    tf.div(tf.sum(tf.square(tf.sub(tf.add(tf.matMul(x, w as tf.Tensor3D), tf.reshape(b, [runs, 1, o])), y))), n * o) as tf.Scalar;
  return tf.grads(loss)([weights, bias]);
}

/** Inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting. */
function invert(a: number[][]): number[][] {
  const size = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    const scale = m[col][col];
    for (let j = 0; j < 2 * size; j++) m[col][j] /= scale;
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const factor = m[r][col];
      for (let j = 0; j < 2 * size; j++) m[r][j] -= factor * m[col][j];
    }
  }
  return m.map((row) => row.slice(size));
}

/** Theta = [W; b] as (d+1) x o, flattened row-major: W's d*o values then b's o values. */
const flattenTheta = (weights: ArrayLike<number>, bias: ArrayLike<number>, run: number) => [
  ...Array.from(weights).slice(run * d * o, (run + 1) * d * o),
  ...Array.from(bias).slice(run * o, (run + 1) * o),
];

/** 50 float64 steps of Theta <- Theta - lr P (2/(n o) X~^T (X~ Theta - Y) + wd Theta), P = (X~^T X~/n + delta I)^-1. */
function referenceTrajectory(theta0: number[], lr: number, wd: number, delta: number, steps: number): number[][] {
  const rows = d + 1;
  const gram = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: rows }, (_, j) => XTILDE.reduce((s, x) => s + x[i] * x[j], 0) / n + (i === j ? delta : 0)),
  );
  const P = invert(gram);
  let theta = theta0.slice();
  const trajectory = [theta];
  for (let t = 1; t <= steps; t++) {
    const gradient = new Array<number>(rows * o).fill(0);
    for (let e = 0; e < n; e++) {
      for (let k = 0; k < o; k++) {
        let residual = -Y[e][k];
        for (let i = 0; i < rows; i++) residual += XTILDE[e][i] * theta[i * o + k];
        for (let i = 0; i < rows; i++) gradient[i * o + k] += ((2 / (n * o)) * XTILDE[e][i] * residual);
      }
    }
    for (let i = 0; i < rows * o; i++) gradient[i] += wd * theta[i];
    const next = theta.slice();
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < o; k++) {
        for (let j = 0; j < rows; j++) next[i * o + k] -= lr * P[i][j] * gradient[j * o + k];
      }
    }
    theta = next;
    trajectory.push(theta);
  }
  return trajectory;
}

const THETA_STARTS = [
  [0.3, -0.2, 0.1, 0.4, -0.5, 0.25, 0.8, -0.6],
  [-1, 0.5, 0.2, -0.3, 0.6, 0.1, 0, 0.9],
  [0.05, 0.15, -0.7, 0.35, 0.45, -0.25, -0.4, 0.2],
];
const weightsOf = (theta: number[]) => [0, 1, 2].map((i) => theta.slice(i * o, (i + 1) * o));
const biasOf = (theta: number[]) => theta.slice(d * o);

describeEachBackend('precond-gd', () => {
  it('one full-batch step with lr = o/2 and delta = 0 reaches the least-squares solution', () => {
    // mse = ||X~ Theta - Y||_F^2 / (n o), so grad = (2/(n o)) X~^T (X~ Theta - Y) = (2/o) (X~^T X~ / n) (Theta - Theta*)
    // with X~^T X~ Theta* = X~^T Y. With P = (X~^T X~ / n)^-1 the step is Theta - lr (2/o) (Theta - Theta*),
    // which is Theta* exactly when lr = o/2 = 1, from any start (two runs start apart).
    const lr = o / 2;
    const optimizer = buildOptimizer([0, 1].map(() => optimizerConfig('precond-gd', { lr, delta: 0 })), DESIGN);
    const starts = THETA_STARTS.slice(0, 2);
    const initial = [tf.tensor3d(starts.map(weightsOf)), tf.tensor2d(starts.map(biasOf))];
    const trajectory = runUpdates(optimizer, initial, 1, mseGradient, [lr, lr]);
    optimizer.dispose();
    tf.dispose(initial);
    // Closed form by QR least squares (a different method from P's inverse of the normal equations).
    const solution = new QrDecomposition(new Matrix(XTILDE)).solve(new Matrix(Y)).to1DArray();
    for (const run of [0, 1]) {
      expectClose(flattenTheta(trajectory[1][0], trajectory[1][1], run), solution, 1e-5, `run ${run} after one step`);
    }
  });

  it('follows the float64 reference for 50 steps, K = 3 with per-run delta, lr and weight decay', () => {
    const lr = [0.3, 0.1, 0.7];
    const wd = [0, 0.01, 0];
    const delta = [0, 0.05, 0.5];
    const configs = lr.map((_, run) => optimizerConfig('precond-gd', { lr: lr[run], weight_decay: wd[run], delta: delta[run] }));
    const optimizer = buildOptimizer(configs, DESIGN);
    const initial = [tf.tensor3d(THETA_STARTS.map(weightsOf)), tf.tensor2d(THETA_STARTS.map(biasOf))];
    const trajectory = runUpdates(optimizer, initial, 50, mseGradient, lr);
    optimizer.dispose();
    tf.dispose(initial);
    for (let run = 0; run < 3; run++) {
      const expected = referenceTrajectory(THETA_STARTS[run], lr[run], wd[run], delta[run], 50);
      for (let t = 1; t <= 50; t++) {
        // float32 gradient sums over n = 12 rows and a float32 P: a few 1e-7 per step, contracting.
        expectClose(flattenTheta(trajectory[t][0], trajectory[t][1], run), expected[t], 2e-6, `run ${run} step ${t}`);
      }
    }
  });

  it('states (d+1)/o floats per parameter once init has seen the output size', () => {
    const optimizer = buildOptimizer([optimizerConfig('precond-gd')], DESIGN);
    expect(() => optimizer.stateFloatsPerParam).toThrow(/init/);
    const params = [tf.zeros([1, d, o]), tf.zeros([1, o])];
    tf.dispose(optimizer.init(params));
    expect(optimizer.stateFloatsPerParam).toBe((d + 1) / o);
    tf.dispose(params);
    optimizer.dispose();
  });

  it('rejects other model kinds and parameter layouts with a plain Error', () => {
    expect(() => buildOptimizer([optimizerConfig('precond-gd')], { ...DESIGN, modelKind: 'mlp' })).toThrow(/linear or ridge/);
    const optimizer = buildOptimizer([optimizerConfig('precond-gd')], DESIGN);
    const params = [tf.zeros([1, d + 1, o]), tf.zeros([1, o])];
    expect(() => optimizer.init(params)).toThrow(/precond-gd needs params/);
    tf.dispose(params);
    optimizer.dispose();
  });

  it('rejects a singular X~^T X~ / n with delta = 0', () => {
    // Two examples cannot determine d + 1 = 4 coefficients.
    const tiny: ProblemInfo = { xTrain: Float32Array.from([1, 2, 3, 4, 5, 6]), nTrain: 2, dim: 3, modelKind: 'ridge' };
    expect(() => buildOptimizer([optimizerConfig('precond-gd', { delta: 0 })], tiny)).toThrow(/singular/);
  });
});

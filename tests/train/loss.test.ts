// The data losses against float64 references written plainly here: cross-entropy by log-sum-exp,
// mse by its definition, on small hand-picked outputs; and the target matrix the trainer uploads.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/types.js';
import { lossAndOutputGradient, lossPerRun, targetMatrix } from '../../src/train/loss.js';
import { describeEachBackend } from '../helpers/backends.js';

// Outputs f [K = 2, B = 3, C = 4] and labels per run.
const outputs = [
  [[2.0, -1.0, 0.5, 0.0], [0.1, 0.2, 0.3, 0.4], [-3.0, 5.0, 1.0, -2.0]],
  [[1.5, 1.5, -0.5, 3.0], [0.0, 0.0, 0.0, 0.0], [10.0, -10.0, 2.0, 4.0]],
];
const labels = [[0, 3, 1], [2, 1, 0]];
const oneHot = (rows: number[]) => rows.map((label) => [0, 1, 2, 3].map((c) => (c === label ? 1 : 0)));

/** −log softmax(f)_label = log Σ_c exp(f_c − m) + m − f_label, m = max_c f_c, in float64. */
function crossEntropy(f: number[], label: number): number {
  const m = Math.max(...f);
  return Math.log(f.reduce((s, fc) => s + Math.exp(fc - m), 0)) + m - f[label];
}

const meanOf = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

describeEachBackend('lossPerRun', () => {
  it('gives each run the mean cross-entropy of its examples (per-run targets)', () => {
    const expected = outputs.map((run, k) => meanOf(run.map((f, i) => crossEntropy(f, labels[k][i]))));
    const loss = tf.tidy(() => lossPerRun('cross-entropy', tf.tensor3d(outputs), tf.tensor3d(labels.map(oneHot))).arraySync());
    loss.forEach((value, k) => expect(Math.abs(value - expected[k])).toBeLessThan(1e-5 * expected[k]));
  });

  it('uses targets shared by every run [B, C]', () => {
    const shared = labels[0];
    const expected = outputs.map((run) => meanOf(run.map((f, i) => crossEntropy(f, shared[i]))));
    const loss = tf.tidy(() => lossPerRun('cross-entropy', tf.tensor3d(outputs), tf.tensor2d(oneHot(shared))).arraySync());
    loss.forEach((value, k) => expect(Math.abs(value - expected[k])).toBeLessThan(1e-5 * expected[k]));
  });

  it('stays finite for large logits', () => {
    // Two examples, two classes: logits (1000, 0). Right class: log(1 + e^-1000) = 0; wrong: 1000. Mean 500.
    const loss = tf.tidy(() => lossPerRun('cross-entropy', tf.tensor3d([[[1000, 0], [1000, 0]]]), tf.tensor2d([[1, 0], [0, 1]])).arraySync());
    expect(loss[0]).toBeCloseTo(500, 3);
  });

  it('has gradient (softmax(f) − y) / B with respect to the outputs', () => {
    const grad = tf.tidy(() => {
      const y = tf.tensor3d(labels.map(oneHot));
      return tf.grad((f: tf.Tensor) => tf.sum(lossPerRun('cross-entropy', f as tf.Tensor3D, y)))(tf.tensor3d(outputs)).arraySync() as number[][][];
    });
    outputs.forEach((run, k) =>
      run.forEach((f, i) => {
        const m = Math.max(...f);
        const z = f.reduce((s, fc) => s + Math.exp(fc - m), 0);
        f.forEach((fc, c) => {
          const expected = (Math.exp(fc - m) / z - (c === labels[k][i] ? 1 : 0)) / 3;
          expect(Math.abs(grad[k][i][c] - expected)).toBeLessThan(1e-6);
        });
      }),
    );
  });

  it('computes mse on one-hot targets as the mean over examples and outputs of (f − y)²', () => {
    // Run 0: f = [[1, 0], [0, 0]], y = [[1, 0], [0, 1]]: squares 0, 0, 0, 1 → 1/4.
    // Run 1: f = [[0.5, 0.5], [2, -1]]: squares 0.25, 0.25, 4, 4 → 8.5 / 4 = 2.125.
    const loss = tf.tidy(() => lossPerRun('mse', tf.tensor3d([[[1, 0], [0, 0]], [[0.5, 0.5], [2, -1]]]), tf.tensor2d([[1, 0], [0, 1]])).arraySync());
    expect(loss[0]).toBeCloseTo(0.25, 6);
    expect(loss[1]).toBeCloseTo(2.125, 6);
  });
});

describeEachBackend('lossAndOutputGradient', () => {
  it('cross-entropy: the loss of lossPerRun and dL/df = (softmax(f) − y) / B, per-run and shared labels', () => {
    for (const shared of [false, true]) {
      const runLabels = (k: number) => (shared ? labels[0] : labels[k]);
      const { loss, dOutput } = tf.tidy(() => {
        const y = shared ? tf.tensor2d(oneHot(labels[0])) : tf.tensor3d(labels.map(oneHot));
        const result = lossAndOutputGradient('cross-entropy', tf.tensor3d(outputs), y);
        return { loss: result.loss.arraySync() as number[], dOutput: result.dOutput.arraySync() as number[][][] };
      });
      outputs.forEach((run, k) => {
        expect(Math.abs(loss[k] - meanOf(run.map((f, i) => crossEntropy(f, runLabels(k)[i]))))).toBeLessThan(1e-5);
        run.forEach((f, i) => {
          const m = Math.max(...f);
          const z = f.reduce((sum, fc) => sum + Math.exp(fc - m), 0);
          f.forEach((fc, c) => {
            const expected = (Math.exp(fc - m) / z - (c === runLabels(k)[i] ? 1 : 0)) / 3;
            expect(Math.abs(dOutput[k][i][c] - expected)).toBeLessThan(1e-6);
          });
        });
      });
    }
  });

  it('mse: the mean of (f − y)² and dL/df = 2 (f − y) / (B o)', () => {
    // f, y [K = 2, B = 3, o = 4]: y is the outputs shifted by a fixed pattern, so f − y is known exactly.
    const y = outputs.map((run, k) => run.map((f, i) => f.map((fc, c) => fc - (k + 1) * (i - c) * 0.25)));
    const { loss, dOutput } = tf.tidy(() => {
      const result = lossAndOutputGradient('mse', tf.tensor3d(outputs), tf.tensor3d(y));
      return { loss: result.loss.arraySync() as number[], dOutput: result.dOutput.arraySync() as number[][][] };
    });
    outputs.forEach((run, k) => {
      const residuals = run.flatMap((f, i) => f.map((fc, c) => fc - y[k][i][c]));
      expect(Math.abs(loss[k] - meanOf(residuals.map((r) => r * r)))).toBeLessThan(1e-5);
      run.forEach((f, i) => f.forEach((fc, c) => expect(Math.abs(dOutput[k][i][c] - (2 * (fc - y[k][i][c])) / 12)).toBeLessThan(1e-6)));
    });
  });
});

describe('targetMatrix', () => {
  const base = { dim: 1, nTrain: 3, nTest: 1, xTrain: new Float32Array(3), xTest: new Float32Array(1), featureNames: ['x0'] };

  it('returns regression targets as they are', () => {
    const data: Dataset = { ...base, task: 'regression', outputs: 2, yTrain: Float32Array.from([1, 2, 3, 4, 5, 6]), yTest: Float32Array.from([7, 8]) };
    expect(targetMatrix(data, 'train')).toEqual(Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect(targetMatrix(data, 'test')).toEqual(Float32Array.from([7, 8]));
  });

  it('one-hot encodes classification labels, one row of `classes` per example', () => {
    const data: Dataset = { ...base, task: 'classification', outputs: 3, yTrain: Float32Array.from([2, 0, 1]), yTest: Float32Array.from([1]) };
    expect(targetMatrix(data, 'train')).toEqual(Float32Array.from([0, 0, 1, 1, 0, 0, 0, 1, 0]));
    expect(targetMatrix(data, 'test')).toEqual(Float32Array.from([0, 1, 0]));
  });

  it('rejects a label outside the classes', () => {
    const data: Dataset = { ...base, task: 'classification', outputs: 2, yTrain: Float32Array.from([0, 2, 1]), yTest: Float32Array.from([0]) };
    expect(() => targetMatrix(data, 'train')).toThrow(/train label 1 is 2/);
  });
});

// sharpness.csv's numbers (SPEC §6) against independent references: linear and ridge models against the closed
// form top eigenvalue of 2 ÃᵀÃ / (n o) (+ 2λ on the W block), Ã = [X, 1]; a tiny MLP's Lanczos value against the
// top eigenvalue (Jacobi) of its dense float64 Hessian by second differences; adam's preconditioned sharpness
// against P^{-1/2} H P^{-1/2} built densely with P = sqrt(v^) + eps from a gradient taken by finite differences.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { NetworkModel, RunConfig } from '../../src/config/types.js';
import { buildModel } from '../../src/models/build.js';
import { layerWidths } from '../../src/models/parameterCount.js';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { finiteDifferenceHessian, jacobiEigenvalues } from '../helpers/denseHessian.js';
import { plannedRun, smallRegression } from '../helpers/runs.js';
import { networkConfig, referenceForward, runParams } from '../models/support.js';

const data = smallRegression(24, 4);
const fullBatch = (steps: number): RunConfig['train'] => ({ steps, batch_size: 'full', loss: 'mse', eval_every: steps, schedule: { kind: 'constant' } });
const gd = (lr: number) => ({ kind: 'gd' as const, name: 'gd', lr });

/** Top eigenvalue of 2 ÃᵀÃ / n on the first n rows (o = 1), plus 2λ on the diagonal of the W block (not the bias). */
function closedForm(n: number, lambda: number): number {
  const d = data.dim;
  const A = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const row = [...Array.from(data.xTrain.subarray(i * d, (i + 1) * d)), 1];
    for (let a = 0; a <= d; a++) for (let b = 0; b <= d; b++) A[a][b] += (2 / n) * row[a] * row[b];
  }
  for (let a = 0; a < d; a++) A[a][a] += 2 * lambda;
  return Math.max(...jacobiEigenvalues(A));
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** A tiny MLP's mse objective in float64 on the first `points` rows, from the spec's forward pass. */
function mlpObjective(config: NetworkModel, points: number): { sizes: number[]; f: (theta: Float64Array) => number } {
  const widths = layerWidths(config.hidden, data.dim, 1);
  const sizes = widths.slice(0, -1).flatMap((fanIn, l) => [fanIn * widths[l + 1], widths[l + 1]]);
  const f = (theta: Float64Array) => {
    let offset = 0;
    const params = sizes.map((size) => theta.slice(offset, (offset += size)));
    let sum = 0;
    for (let i = 0; i < points; i++) {
      const [out] = referenceForward(config, widths, params, Array.from(data.xTrain.subarray(i * data.dim, (i + 1) * data.dim)));
      sum += (out - data.yTrain[i]) ** 2;
    }
    return sum / points;
  };
  return { sizes, f };
}

function initialParams(config: NetworkModel, seed: number): Float64Array {
  const model = buildModel([config], [seed], data);
  const init = model.init();
  const flat = Float64Array.from(runParams(init, 0).flatMap((p) => Array.from(p)));
  tf.dispose(init);
  model.dispose();
  return flat;
}

describeEachBackend('SharpnessProbe', () => {
  it('gives linear and ridge models the closed-form top eigenvalue of 2ÃᵀÃ/n (+ 2λ on W), on all points or the first P', async () => {
    for (const points of [null, 10]) {
      const runs = [
        plannedRun('linear', { model: { kind: 'linear', init: 'normal' }, optimizer: gd(0.05), train: fullBatch(4), metrics: { sharpness: { every: 2, points, iters: 20 } } }),
        plannedRun('ridge', { model: { kind: 'ridge', init: 'normal', lambda: 0.3 }, optimizer: gd(0.05), train: fullBatch(4), metrics: { sharpness: { every: 2, points, iters: 20 } } }),
      ];
      for (const [r, run] of runs.entries()) {
        const { runs: [outcome] } = await trainCohort([run], data);
        const expected = closedForm(points ?? data.nTrain, r === 0 ? 0 : 0.3);
        const rows = outcome.sharpness!;
        expect(rows.map((row) => row.step)).toEqual([0, 2, 4]);
        for (const row of rows) {
          expect(relative(row.sharpness, expected), `${run.id} points ${points} step ${row.step}`).toBeLessThan(1e-4);
          expect(row.stability_limit).toBeCloseTo(2 / 0.05, 10);
          expect(row.precond_sharpness).toBeNull();
          expect(row.precond_stability_limit).toBeNull();
        }
      }
    }
  });

  for (const activation of ['tanh', 'relu'] as const) {
    it(`gives a tiny ${activation} MLP the top eigenvalue of its dense float64 Hessian (Jacobi), with iters 20`, async () => {
      const config = networkConfig('mlp', { hidden: [5], activation });
      const run = plannedRun('mlp', { model: config, optimizer: gd(0.1), train: fullBatch(1), metrics: { sharpness: { every: 1, points: 12, iters: 20 } } });
      const { f } = mlpObjective(config, 12);
      const expected = Math.max(...jacobiEigenvalues(finiteDifferenceHessian(f, initialParams(config, run.seed))));
      const { runs: [outcome] } = await trainCohort([run], data);
      expect(relative(outcome.sharpness![0].sharpness, expected)).toBeLessThan(1e-4);
      expect(outcome.sharpness![0].stability_limit).toBeCloseTo(20, 10);
    });
  }

  it("gives adam the top eigenvalue of P^{-1/2} H P^{-1/2}, P = sqrt(v^) + eps its bias-corrected preconditioner, and (2 + 2β1)/((1 − β1) lr)", async () => {
    const config = networkConfig('mlp', { hidden: [4], activation: 'tanh' });
    const optimizer = { kind: 'adam' as const, name: 'adam', lr: 0.01, weight_decay: 0, beta1: 0.8, beta2: 0.99, eps: 1e-8, bias_correction: true };
    const run = plannedRun('adam', { model: config, optimizer, train: fullBatch(1), metrics: { sharpness: { every: 1, points: null, iters: 40 } } });
    const { runs: [outcome] } = await trainCohort([run], data);
    const { f } = mlpObjective(config, data.nTrain);
    // After one update v = (1 − β2) g0², so v^ = v / (1 − β2) = g0²: P = |g0| + eps, g0 the gradient at θ0.
    const theta0 = initialParams(config, run.seed);
    const h = 1e-5;
    const P = Array.from(theta0, (_, i) => {
      const plus = Float64Array.from(theta0);
      const minus = Float64Array.from(theta0);
      plus[i] += h;
      minus[i] -= h;
      return Math.abs((f(plus) - f(minus)) / (2 * h)) + 1e-8;
    });
    const theta1 = Float64Array.from(outcome.finalParams.flatMap((p) => Array.from(p)));
    const H = finiteDifferenceHessian(f, theta1);
    const M = H.map((row, i) => row.map((value, j) => value / Math.sqrt(P[i] * P[j])));
    const [first, last] = outcome.sharpness!;
    expect(first.precond_sharpness).toBeNull();
    expect(relative(last.precond_sharpness!, Math.max(...jacobiEigenvalues(M)))).toBeLessThan(1e-3);
    expect(relative(last.sharpness, Math.max(...jacobiEigenvalues(H)))).toBeLessThan(1e-4);
    expect(last.stability_limit).toBeNull();
    expect(last.precond_stability_limit).toBeCloseTo((2 + 2 * 0.8) / (0.2 * 0.01), 8);
  });

  it('gives each run of a cohort the sharpness rows it gets when trained alone', async () => {
    const sharpness = { every: 5, points: 12, iters: 20 };
    const runs = [
      plannedRun('a', { seed: 1, model: networkConfig('mlp', { hidden: [5], activation: 'tanh' }), optimizer: gd(0.1), train: fullBatch(10), metrics: { sharpness } }),
      plannedRun('b', { seed: 2, model: networkConfig('mlp', { hidden: [5], activation: 'tanh', w_std: 1.5 }), optimizer: gd(0.3), train: fullBatch(10), metrics: { sharpness } }),
    ];
    const together = await trainCohort(runs, data);
    for (const [r, run] of runs.entries()) {
      const alone = (await trainCohort([run], data)).runs[0].sharpness!;
      together.runs[r].sharpness!.forEach((row, i) => {
        expect(row.step).toBe(alone[i].step);
        expect(relative(row.sharpness, alone[i].sharpness), `${run.id} step ${row.step}`).toBeLessThan(1e-5);
        expect(row.stability_limit).toBe(alone[i].stability_limit);
      });
    }
  });

  it('keeps the live tensor count flat over many sharpness steps', async () => {
    const run = plannedRun('mlp', {
      model: networkConfig('mlp', { hidden: [6], activation: 'tanh' }),
      train: { steps: 60, batch_size: 8, loss: 'mse', eval_every: 30, schedule: { kind: 'constant' } },
      metrics: { sharpness: { every: 1, points: 16, iters: 3 } },
    });
    const before = tf.memory().numTensors;
    const samples: number[] = [];
    const { runs: [outcome] } = await trainCohort([run], data, {
      onStep: (step) => {
        if (step === 10 || step === 30 || step === 59) samples.push(tf.memory().numTensors);
      },
    });
    expect(outcome.sharpness!.length).toBe(61);
    expect(new Set(samples).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

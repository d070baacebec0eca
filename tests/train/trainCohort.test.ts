import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { plannedRun, smallRegression } from '../helpers/runs.js';

const data = smallRegression(64, 4);
const metricsOf = (row: Record<string, number>) => {
  const { wall_ms: _, ...rest } = row;
  return rest;
};

describeEachBackend('trainCohort', () => {
  it('gives each run of a cohort the curve it gets when trained alone', async () => {
    const runs = [
      plannedRun('a', { seed: 0, optimizer: { lr: 0.05 } }),
      plannedRun('b', { seed: 1, optimizer: { lr: 0.01, beta1: 0.8 } }),
      plannedRun('c', { seed: 2, optimizer: { lr: 0.1, weight_decay: 0.01 } }),
      plannedRun('d', { seed: 3, train: { steps: 40, batch_size: 8, loss: 'mse', eval_every: 10, schedule: { kind: 'cosine', min_factor: 0 } } }),
      plannedRun('e', { seed: 3, train: { steps: 40, batch_size: 8, loss: 'mse', eval_every: 10, schedule: { kind: 'step', every: 5, gamma: 0.5 } } }),
    ];
    const together = await trainCohort(runs, data);
    for (const [r, run] of runs.entries()) {
      const alone = await trainCohort([run], data);
      const a = together.runs[r].curve;
      const b = alone.runs[0].curve;
      expect(a.map((row) => row.step)).toEqual(b.map((row) => row.step));
      a.forEach((row, i) => {
        for (const [key, value] of Object.entries(metricsOf(row as never))) {
          const other = (b[i] as unknown as Record<string, number>)[key];
          expect(Math.abs(value - other)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(other)));
        }
      });
    }
  });

  it('gives identical curves when the same cohort is trained twice', async () => {
    const runs = [plannedRun('a', { seed: 3 }), plannedRun('b', { seed: 4, optimizer: { lr: 0.02 } })];
    const first = await trainCohort(runs, data);
    const second = await trainCohort(runs, data);
    expect(first.runs.map((r) => r.curve.map(metricsOf as never))).toEqual(second.runs.map((r) => r.curve.map(metricsOf as never)));
  });

  it('takes the full-batch GD step derived by hand', async () => {
    // Zero init, f = xW + b, mse L = (1/n) sum (f - y)^2. At W = 0, b = 0:
    //   dL/dW = -(2/n) X^T y, dL/db = -(2/n) sum y, so one step with lr gives
    //   W1 = lr (2/n) X^T y, b1 = lr (2/n) sum y, and train_loss(1) = (1/n) sum (x W1 + b1 - y)^2.
    const lr = 0.05;
    const run = plannedRun('gd', {
      model: { kind: 'linear', init: 'zeros' },
      optimizer: { kind: 'gd', name: 'gd', lr },
      train: { steps: 1, batch_size: 'full', loss: 'mse', eval_every: 1, schedule: { kind: 'constant' } },
    });
    const { nTrain: n, dim: d, xTrain: X, yTrain: y } = data;
    const W1 = new Float64Array(d);
    let b1 = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) W1[j] += lr * (2 / n) * X[i * d + j] * y[i];
      b1 += lr * (2 / n) * y[i];
    }
    let loss0 = 0;
    let loss1 = 0;
    for (let i = 0; i < n; i++) {
      let f = b1;
      for (let j = 0; j < d; j++) f += X[i * d + j] * W1[j];
      loss0 += y[i] ** 2 / n;
      loss1 += (f - y[i]) ** 2 / n;
    }
    const { runs } = await trainCohort([run], data);
    const [row0, row1] = runs[0].curve;
    expect(row0.train_loss).toBeCloseTo(loss0, 5);
    expect(row1.train_loss).toBeCloseTo(loss1, 5);
    expect(row1.update_norm).toBeCloseTo(Math.hypot(...W1, b1), 5);
    expect(row1.param_dist).toBeCloseTo(Math.hypot(...W1, b1), 5);
    expect(Array.from(runs[0].finalParams[0]).map((v) => +v.toFixed(5))).toEqual(Array.from(W1).map((v) => +v.toFixed(5)));
  });

  it('masks a diverging run while the rest of its cohort trains as if alone', async () => {
    const train = { steps: 60, batch_size: 8 as const, loss: 'mse' as const, eval_every: 10, schedule: { kind: 'constant' as const } };
    const sane = plannedRun('sane', { optimizer: { kind: 'sgd', name: 'sgd', lr: 0.01 }, train });
    const wild = plannedRun('wild', { seed: 5, optimizer: { kind: 'sgd', name: 'sgd', lr: 50 }, train });
    const together = await trainCohort([sane, wild], data);
    const alone = await trainCohort([sane], data);
    expect(together.runs[1].status).toBe('diverged');
    const at = together.runs[1].divergedAt!;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(60);
    // The curve stops at the divergence step, whose loss is non-finite or beyond 1e6 x the initial one.
    const last = together.runs[1].curve.at(-1)!;
    expect(last.step).toBe(at);
    expect(!Number.isFinite(last.objective) || last.objective > 1e6 * together.runs[1].curve[0].objective).toBe(true);
    expect(together.runs[0].status).toBe('complete');
    expect(together.runs[0].curve.map(metricsOf as never)).toEqual(alone.runs[0].curve.map(metricsOf as never));
  });

  it('freezes a run diverging between logged steps at the parameters of its divergence step', async () => {
    // lr 50 blows up within a few updates, found on a minibatch between logged steps (every 10): the run's
    // final parameters must be those it had after divergedAt updates, as a run trained exactly that long has.
    const train = (steps: number) => ({ steps, batch_size: 8 as const, loss: 'mse' as const, eval_every: 10, schedule: { kind: 'constant' as const } });
    const wild = (steps: number) => plannedRun('wild', { seed: 5, optimizer: { kind: 'sgd', name: 'sgd', lr: 50 }, train: train(steps) });
    const sane = plannedRun('sane', { optimizer: { kind: 'sgd', name: 'sgd', lr: 0.01 }, train: train(60) });
    const together = await trainCohort([sane, wild(60)], data);
    const at = together.runs[1].divergedAt!;
    expect(at % 10).not.toBe(0);
    const upToDivergence = await trainCohort([wild(at)], data);
    expect(upToDivergence.stepsDone).toBe(at);
    together.runs[1].finalParams.forEach((p, i) => expect(Array.from(p)).toEqual(Array.from(upToDivergence.runs[0].finalParams[i])));
  });

  it('keeps the number of live tensors flat over 1,000 steps', async () => {
    const run = plannedRun('long', {
      optimizer: { kind: 'adam', name: 'adam', lr: 0.01 },
      train: { steps: 1000, batch_size: 8, loss: 'mse', eval_every: 100, schedule: { kind: 'cosine', min_factor: 0 } },
    });
    const before = tf.memory().numTensors;
    const samples: number[] = [];
    await trainCohort([run, { ...run, id: 'long2', seed: 1 }], data, {
      onStep: (step) => {
        // Sampled after non-eval steps, where the loop holds the same tensors.
        if (step === 10 || step === 550 || step === 999) samples.push(tf.memory().numTensors);
      },
    });
    expect(samples[1]).toBe(samples[0]);
    expect(samples[2]).toBe(samples[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops at an abort and reports unfinished runs as interrupted', async () => {
    const controller = new AbortController();
    const run = plannedRun('stop', { train: { steps: 500, batch_size: 8, loss: 'mse', eval_every: 50, schedule: { kind: 'constant' } } });
    const outcome = await trainCohort([run], data, {
      signal: controller.signal,
      onStep: (step) => {
        if (step === 120) controller.abort();
      },
    });
    expect(outcome.stepsDone).toBe(120);
    expect(outcome.runs[0].status).toBe('interrupted');
    expect(outcome.runs[0].curve.map((r) => r.step)).toEqual([0, 50, 100]);
  });
});

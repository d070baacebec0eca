// The XNNPACK threads of a process that trains alone (src/experiment/wasmThreadCount.ts), against gains worked out
// by hand in the comments: per step 0.3 x flopsPerStep / 12 GFLOP/s saved, 4 µs lost per op (ops = layers x
// (13 + 3 S)), flopsPerStep = 6 B P + 8 max(n_train, n_test) P / eval_every; threads from 0.5 s of net gain.
import { describe, expect, it } from 'vitest';
import { wasmThreadCount } from '../../src/experiment/wasmThreadCount.js';
import type { PlannedRun } from '../../src/plan/types.js';
import { plannedRuns, sizedDatasets } from '../helpers/runs.js';



const mlp = (steps: number, extra = '') =>
  `data: { kind: mnist, classes: 10 }\nmodel: { kind: mlp, hidden: [256, 256] }\ntrain: { steps: ${steps}, batch_size: 128, eval_every: 100 }\n${extra}`;

describe('wasmThreadCount', () => {
  // MLP 784-256-256-10 with adam, batch 128, 10000 training rows: P = 269322, flopsPerStep = (768 + 800) P =
  // 4.223e8, saving 0.3 x 4.223e8 / 12e9 = 10.56 ms a step against 3 x (13 + 6) = 57 ops x 4 µs = 0.23 ms:
  // 10.33 ms a step.
  const mnist = (runs: PlannedRun[]) => sizedDatasets(runs, 784, 10, 10000, 2000);

  it('gives every core to a process training one big cohort alone', () => {
    // 100 steps: 1.03 s >= 0.5 s.
    const runs = plannedRuns(mlp(100, 'optimizers: [{ kind: adam, lr: 0.001 }]'));
    expect(wasmThreadCount(runs, mnist(runs), 1, 2)).toBe(2);
    expect(wasmThreadCount(runs, mnist(runs), 4, 2)).toBe(2);
    // tfjs-wasm's pool holds 8 threads at most.
    expect(wasmThreadCount(runs, mnist(runs), 1, 64)).toBe(8);
  });

  it('keeps one thread when the gain would not pay for starting the threads', () => {
    // 40 steps: 0.41 s < 0.5 s.
    const runs = plannedRuns(mlp(40, 'optimizers: [{ kind: adam, lr: 0.001 }]'));
    expect(wasmThreadCount(runs, mnist(runs), 1, 2)).toBe(1);
  });

  it('keeps one thread when waking the threads costs the ops more than the products gain', () => {
    // configs/linear-probe.yaml's width-128 arm (measured 6.0 s on one thread, 7.8 s on two): 2-128-128-3 with adam,
    // batch 64, 600 + 300 rows, eval every 50: P = 384 + 16512 + 387 = 17283, flopsPerStep = (384 + 96) P =
    // 8.30e6, saving 0.207 ms a step against 57 ops x 4 µs = 0.228 ms: a loss at any number of steps.
    const probe = plannedRuns('data: { kind: spirals }\nmodel: { kind: linear-probe, width: 128, depth: 2 }\ntrain: { steps: 100000, batch_size: 64, eval_every: 50 }\noptimizers: [{ kind: adam, lr: 0.01 }]');
    expect(wasmThreadCount(probe, sizedDatasets(probe, 2, 3, 600, 300), 1, 2)).toBe(1);
    // Linear d = 1000, batch 32, sgd: flopsPerStep = 6 x 32 x 1001 + 8 x 1000 x 1001 / 1000 = 200200, saving
    // 5 µs a step against 13 x 4 µs.
    const linear = plannedRuns('data: { kind: linear-regression, n_train: 1000, dim: 1000 }\nmodel: { kind: linear }\ntrain: { steps: 1000000, batch_size: 32, eval_every: 1000 }\noptimizers: [{ kind: sgd, lr: 0.01 }]');
    expect(wasmThreadCount(linear, sizedDatasets(linear, 1000, 1, 1000, 200), 1, 2)).toBe(1);
  });

  it('keeps one thread when the process shares the cores with other trainers, or has one core', () => {
    // Two optimizer kinds: two cohorts, which --jobs 2 trains in two processes.
    const runs = plannedRuns(mlp(100, 'optimizers: [{ kind: adam, lr: 0.001 }, { kind: sgd, lr: 0.1 }]'));
    expect(wasmThreadCount(runs, mnist(runs), 2, 2)).toBe(1);
    expect(wasmThreadCount(runs, mnist(runs), 1, 2)).toBe(2);
    expect(wasmThreadCount(runs, mnist(runs), 1, 1)).toBe(1);
    expect(wasmThreadCount([], new Map(), 1, 2)).toBe(1);
  });
});

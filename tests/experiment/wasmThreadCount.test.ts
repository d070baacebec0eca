// The XNNPACK threads of a process that trains alone (src/experiment/wasmThreadCount.ts), against products and
// seconds worked out by hand in the comments (12 GFLOP/s on one wasm thread, flopsPerStep = 6 B P + 8 n P / e).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/types.js';
import { datasetKey } from '../../src/experiment/loadRunData.js';
import { wasmThreadCount } from '../../src/experiment/wasmThreadCount.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import type { PlannedRun } from '../../src/plan/types.js';

const dir = mkdtempSync(join(tmpdir(), 'optlab-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runsOf(body: string): PlannedRun[] {
  const file = join(dir, 'c.yaml');
  writeFileSync(file, `name: c\n${body}\n`);
  return loadPlan(file).runs;
}

/** The runs' datasets with the sizes the estimate reads and no rows. */
function sized(runs: PlannedRun[], dim: number, outputs: number, nTrain: number, nTest: number): Map<string, Dataset> {
  const empty = new Float32Array(0);
  const data: Dataset = { task: 'regression', dim, outputs, nTrain, nTest, xTrain: empty, yTrain: empty, xTest: empty, yTest: empty, featureNames: [] };
  return new Map(runs.map((run) => [datasetKey(run), data]));
}

const mlp = (steps: number, extra = '') =>
  `data: { kind: mnist, classes: 10 }\nmodel: { kind: mlp, hidden: [256, 256] }\ntrain: { steps: ${steps}, batch_size: 128, eval_every: 100 }\n${extra}`;

describe('wasmThreadCount', () => {
  // MLP 784-256-256-10, batch 128: largest product 128 x 784 x 256 = 25.7M multiply-adds (>= 2^20);
  // P = 269322, 6 x 128 x P + 8 x 12000 x P / 100 = 2.07e8 + 2.59e8 = 4.65e8 flops a step.
  const mnist = (runs: PlannedRun[]) => sized(runs, 784, 10, 10000, 2000);

  it('gives every core to a process training one big cohort alone', () => {
    // 100 steps: 4.65e10 flops / 12e9 = 3.9 s >= 2 s.
    const runs = runsOf(mlp(100, 'optimizers: [{ kind: adam, lr: 0.001 }]'));
    expect(wasmThreadCount(runs, mnist(runs), 1, 2)).toBe(2);
    expect(wasmThreadCount(runs, mnist(runs), 4, 2)).toBe(2);
    // tfjs-wasm's pool holds 8 threads at most.
    expect(wasmThreadCount(runs, mnist(runs), 1, 64)).toBe(8);
  });

  it('keeps one thread when the products add up to under 2 s', () => {
    // 40 steps: 1.86e10 / 12e9 = 1.55 s.
    const runs = runsOf(mlp(40, 'optimizers: [{ kind: adam, lr: 0.001 }]'));
    expect(wasmThreadCount(runs, mnist(runs), 1, 2)).toBe(1);
  });

  it('keeps one thread when no product reaches 2^20 multiply-adds', () => {
    // Linear d = 1000, batch 32: 32 x 1000 x 1 = 32000; 1e6 steps still make 6 x 32 x 1001 x 1e6 / 12e9 = 16 s.
    const runs = runsOf('data: { kind: linear-regression, dim: 1000 }\nmodel: { kind: linear }\ntrain: { steps: 1000000, batch_size: 32 }\noptimizers: [{ kind: sgd, lr: 0.01 }]');
    expect(wasmThreadCount(runs, sized(runs, 1000, 1, 1000, 200), 1, 2)).toBe(1);
  });

  it('keeps one thread when the process shares the cores with other trainers, or has one core', () => {
    // Two optimizer kinds: two cohorts, which --jobs 2 trains in two processes.
    const runs = runsOf(mlp(100, 'optimizers: [{ kind: adam, lr: 0.001 }, { kind: sgd, lr: 0.1 }]'));
    expect(wasmThreadCount(runs, mnist(runs), 2, 2)).toBe(1);
    expect(wasmThreadCount(runs, mnist(runs), 1, 2)).toBe(2);
    expect(wasmThreadCount(runs, mnist(runs), 1, 1)).toBe(1);
    expect(wasmThreadCount([], new Map(), 1, 2)).toBe(1);
  });
});

// Builders of small, fully resolved runs and datasets for tests that bypass the config loader (or go through it
// without an experiment: plannedRuns).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OptimizerConfig, RunConfig } from '../../src/config/types.js';
import type { Dataset } from '../../src/data/types.js';
import type { PlannedRun } from '../../src/plan/types.js';
import { datasetKey } from '../../src/experiment/loadRunData.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { Rng } from '../../src/lib/rng.js';

/** A regression dataset y = X w + noise with n rows and d features (float64 draws stored as float32). */
export function smallRegression(n: number, d: number, seed = 1): Dataset {
  const rng = new Rng(seed, 'test-data');
  const w = rng.normals(d);
  const make = (rows: number) => {
    const x = Float32Array.from(rng.normals(rows * d));
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0.3;
      for (let j = 0; j < d; j++) s += x[i * d + j] * w[j];
      y[i] = s + 0.1 * rng.normal();
    }
    return { x, y };
  };
  const train = make(n);
  const test = make(Math.max(4, n >> 1));
  return {
    task: 'regression', dim: d, outputs: 1, nTrain: n, nTest: test.y.length,
    xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y,
    featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
  };
}

type Overrides = { optimizer?: Partial<OptimizerConfig> & { kind?: OptimizerConfig['kind'] } } & Partial<Omit<RunConfig, 'optimizer'>>;

/** A planned run with sensible small defaults (linear model, adam, 40 steps, batch 8). */
export function plannedRun(id: string, overrides: Overrides = {}): PlannedRun {
  const optimizer = {
    kind: 'adam', name: 'adam', lr: 0.05, weight_decay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: true,
    ...overrides.optimizer,
  } as OptimizerConfig;
  const config: RunConfig = {
    name: 'test',
    seed: overrides.seed ?? 0,
    data: overrides.data ?? { kind: 'linear-regression', n_train: 64, n_test: 32, dim: 4, condition: 10, noise: 0.1, seed: 0, standardize: false },
    model: overrides.model ?? { kind: 'linear', init: 'normal' },
    train: overrides.train ?? { steps: 40, batch_size: 8, loss: 'mse', eval_every: 10, schedule: { kind: 'constant' } },
    optimizer,
    metrics: overrides.metrics ?? {},
  };
  return { id, arm: optimizer.name, armIndex: 0, seed: config.seed, config, swept: {} };
}

/** A dataset with the sizes cost estimates read and no rows: memory, time and schedules depend on the sizes alone. */
export function sizedDataset(dim: number, outputs: number, nTrain: number, nTest: number): Dataset {
  const empty = new Float32Array(0);
  return { task: 'regression', dim, outputs, nTrain, nTest, xTrain: empty, yTrain: empty, xTest: empty, yTest: empty, featureNames: [] };
}

/** Every run's dataset (keyed as src/experiment/loadRunData.ts keys them) as one sizedDataset. */
export function sizedDatasets(runs: PlannedRun[], dim: number, outputs: number, nTrain: number, nTest: number): Map<string, Dataset> {
  const data = sizedDataset(dim, outputs, nTrain, nTest);
  return new Map(runs.map((run) => [datasetKey(run), data]));
}

/** The planned runs of a config body (after `name: c`), resolved by the real loader from a file that is then removed. */
export function plannedRuns(body: string): PlannedRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-plan-'));
  try {
    const file = join(dir, 'c.yaml');
    writeFileSync(file, `name: c\n${body}\n`);
    return loadPlan(file).runs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

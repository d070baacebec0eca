import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/types.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { directionsFromCsv } from '../../src/report/metricCsv.js';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { plannedRun } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-directions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A 2-d design whose columns x1 = a(1, 1, −1, −1), x2 = b(1, −1, 1, −1) and the column of ones are orthogonal,
// so H = (2/n)(ÃᵀÃ + nλE) is diagonal: its eigen-directions are w1, w2 and the bias, with eigenvalues
// 2(‖x1‖² + nλ)/n = 2(a² + λ), 2(b² + λ) and 2, and σ = √(nλ_k/2) = 2√(a² + λ), 2√(b² + λ), 2.
const a = 2;
const b = 0.5;
const y = [1, 2, 3, 5];
const design: Dataset = {
  task: 'regression', dim: 2, outputs: 1, nTrain: 4, nTest: 4,
  xTrain: Float32Array.from([a, b, a, -b, -a, b, -a, -b]),
  yTrain: Float32Array.from(y),
  xTest: Float32Array.from([a, b, a, -b, -a, b, -a, -b]),
  yTest: Float32Array.from(y),
  featureNames: ['x1', 'x2'],
};

describeEachBackend('directions.csv', () => {
  for (const lambda of [0, 0.25]) {
    it(`predicts the error along each eigen-direction of H by the float64 closed form (2-d design, λ = ${lambda}, step schedule)`, async () => {
      const lr = 0.06;
      const steps = 30;
      const schedule = { kind: 'step', every: 10, gamma: 0.5 } as const;
      const run = plannedRun('dir', {
        data: { kind: 'linear-regression', n_train: 4, n_test: 4, dim: 2, condition: 1, noise: 0, seed: 0, standardize: false },
        model: lambda === 0 ? { kind: 'linear', init: 'zeros' } : { kind: 'ridge', init: 'zeros', lambda },
        optimizer: { kind: 'gd', name: 'gd', lr },
        train: { steps, batch_size: 'full', loss: 'mse', eval_every: 10, schedule },
      });
      const rows = (await trainCohort([run], design)).runs[0].directions!;
      // The optimum along each axis: w_j* = x_jᵀy / (‖x_j‖² + nλ), b* = mean(y); from zero init, e_k(0) = |θ_k*|.
      const w1 = (a * (y[0] + y[1] - y[2] - y[3])) / (4 * a * a + 4 * lambda);
      const w2 = (b * (y[0] - y[1] + y[2] - y[3])) / (4 * b * b + 4 * lambda);
      const bias = (y[0] + y[1] + y[2] + y[3]) / 4;
      // By descending eigenvalue: w1 (8 + 2λ), then the bias (2), then w2 (0.5 + 2λ).
      const axes = [
        { eigenvalue: 2 * (a * a + lambda), start: Math.abs(w1) },
        { eigenvalue: 2, start: Math.abs(bias) },
        { eigenvalue: 2 * (b * b + lambda), start: Math.abs(w2) },
      ];
      // StepLR(every 10, gamma 0.5): update s uses lr · 0.5^floor((s − 1)/10).
      const lrOf = (s: number) => lr * 0.5 ** Math.floor((s - 1) / 10);
      for (const [k, axis] of axes.entries()) {
        const along = rows.filter((row) => row.direction === k);
        expect(along.map((row) => row.step)).toEqual([0, 10, 20, 30]);
        expect(along[0].hessian_eigenvalue).toBeCloseTo(axis.eigenvalue, 5);
        expect(along[0].sigma).toBeCloseTo(Math.sqrt((4 * axis.eigenvalue) / 2), 5);
        for (const row of along) {
          let factor = 1;
          for (let s = 1; s <= row.step; s++) factor *= 1 - lrOf(s) * axis.eigenvalue;
          const closedForm = Math.abs(factor) * axis.start;
          expect(row.predicted_error).toBeCloseTo(closedForm, 6);
          expect(row.error).toBeCloseTo(closedForm, 5);
        }
      }
    });
  }

  it('leaves predicted_error empty for optimizers the recursion does not describe', async () => {
    const train = { steps: 10, batch_size: 'full', loss: 'mse', eval_every: 5, schedule: { kind: 'constant' } } as const;
    const runs = [
      plannedRun('momentum', { optimizer: { kind: 'momentum', name: 'momentum', lr: 0.01, momentum: 0.9, dampening: 0 }, train }),
      plannedRun('sgd-batch', { optimizer: { kind: 'sgd', name: 'sgd', lr: 0.01 }, train: { ...train, batch_size: 2 } }),
      plannedRun('gd-decay', { optimizer: { kind: 'gd', name: 'gd', lr: 0.01, weight_decay: 0.1 }, train }),
    ];
    for (const run of runs) {
      const rows = (await trainCohort([run], design)).runs[0].directions!;
      expect(rows.length).toBe(9);
      expect(rows.every((row) => row.predicted_error === null && row.error > 0)).toBe(true);
    }
  });
});

describeEachBackend('directions.csv through the runner', (backend) => {
  for (const model of ['{ kind: linear, init: normal }', '{ kind: ridge, lambda: 0.01, init: normal }']) {
    it(`holds predicted_error equal to the measured error to float32 precision (gd, ${model}, bias, cosine schedule)`, async () => {
      const name = `directions-${backend}-${model.includes('ridge') ? 'ridge' : 'linear'}`;
      const file = join(root, `${name}.yaml`);
      writeFileSync(file, `
name: ${name}
data: { kind: linear-regression, n_train: 128, n_test: 32, dim: 8, condition: 20, noise: 0.2 }
model: ${model}
train: { steps: 400, eval_every: 25, schedule: { kind: cosine, min_factor: 0.1 } }
optimizers:
  - { kind: gd, lr: [0.05, 0.3] }
`);
      const plan = loadPlan(file);
      expect(plan.runs).toHaveLength(2);
      await runExperiment(plan, { outRoot: root, backend });
      const runsDir = join(root, name, 'runs');
      for (const id of readdirSync(runsDir)) {
        const path = join(runsDir, id, 'directions.csv');
        const rows = directionsFromCsv(readFileSync(path, 'utf8'), path);
        // d + 1 directions: the design's 8 columns and its column of ones (the data are not centred).
        expect(new Set(rows.map((row) => row.direction)).size).toBe(9);
        const scale = Math.max(...rows.filter((row) => row.step === 0).map((row) => row.error));
        let worst = 0;
        for (const row of rows) worst = Math.max(worst, Math.abs(row.predicted_error! - row.error));
        // Float32 parameters hold about 7 digits of the starting error: the recursion matches to that.
        expect(worst).toBeLessThan(1e-5 * scale);
        // And the run did move: the fastest direction fell by orders of magnitude.
        const last = rows.filter((row) => row.step === 400);
        expect(last[0].error).toBeLessThan(1e-3 * scale);
      }
    });
  }
});

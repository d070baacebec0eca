import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeLinearRegression } from '../../src/data/linearRegression.js';
import type { Dataset } from '../../src/data/types.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { lrSensitivityChart } from '../../src/report/charts/sensitivity.js';
import { loadExperiment } from '../../src/report/experiment.js';
import { linearHessian, linearHessianLambdaMax } from '../../src/theory/linearHessian.js';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { jacobiEigen } from '../helpers/denseHessian.js';
import { plannedRun, smallRegression } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-hessian-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** H = (2 / (n o)) (ÃᵀÃ + n o λ E) written out entry by entry, Ã = [X, 1], E = diag(1, …, 1, 0). */
function hessianByHand(data: Dataset, lambda: number): number[][] {
  const { nTrain: n, dim: d, outputs: o } = data;
  const column = (j: number, i: number) => (j === d ? 1 : data.xTrain[i * d + j]);
  return Array.from({ length: d + 1 }, (_, j) => Array.from({ length: d + 1 }, (_, k) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column(j, i) * column(k, i);
    return (2 / (n * o)) * (sum + (j === k && j < d ? n * o * lambda : 0));
  }));
}

for (const lambda of [0, 0.3]) {
  it(`gives the eigenvalues and eigenvectors of H of a Jacobi eigendecomposition (λ = ${lambda}, two outputs)`, () => {
    const base = smallRegression(40, 5, 3);
    // Two outputs: H scales by 1/o and acts on each output column alike.
    const data: Dataset = { ...base, outputs: 2, yTrain: new Float32Array(80) };
    const reference = jacobiEigen(hessianByHand(data, lambda));
    const hessian = linearHessian(data, lambda);
    expect(linearHessianLambdaMax(data, lambda)).toBeCloseTo(reference.values[0], 10);
    reference.values.forEach((value, k) => {
      expect(hessian.eigenvalues[k] / value).toBeCloseTo(1, 10);
      expect(hessian.sigma[k]).toBeCloseTo(Math.sqrt((40 * 2 * value) / 2), 9);
      // Eigenvectors agree up to sign (the eigenvalues are distinct for this design).
      const column = Array.from({ length: 6 }, (_, row) => hessian.vectors[row * 6 + k]);
      const dot = column.reduce((sum, x, row) => sum + x * reference.vectors[k][row], 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
    });
  });
}

describeEachBackend('the closed-form stability limit 2 / λ_max(H)', () => {
  // Ridge with a bias: the boundary moves with λ and with the bias column, so both must be in λ_max.
  for (const model of [{ kind: 'linear', init: 'zeros' }, { kind: 'ridge', init: 'zeros', lambda: 0.5 }] as const) {
    it(`separates converging from diverging gd runs (${model.kind})`, async () => {
      const data = smallRegression(48, 4, 11);
      const lrMax = 2 / linearHessianLambdaMax(data, model.kind === 'ridge' ? model.lambda : 0);
      const runs = [0.97, 1.03].map((factor) => plannedRun(`lr-${factor}`, {
        model,
        optimizer: { kind: 'gd', name: 'gd', lr: factor * lrMax },
        train: { steps: 600, batch_size: 'full', loss: 'mse', eval_every: 50, schedule: { kind: 'constant' } },
      }));
      const [below, above] = (await trainCohort(runs, data)).runs;
      // Just below, the sharpest direction still contracts by |1 − 0.97 · 2| = 0.94 per step: the run settles.
      expect(below.status).toBe('complete');
      expect(below.curve.at(-1)!.train_loss).toBeLessThan(below.curve[0].train_loss);
      // Just above, it grows by 1.06 per step: the loss passes 1e6 times its start within the 600 steps.
      expect(above.status).toBe('diverged');
    });
  }
});

describeEachBackend('the lr-sensitivity rule through the runner', (backend) => {
  it('sits at c / λ_max(H) of a Jacobi eigendecomposition, between the last lr that converges and the first that diverges (gd, momentum)', async () => {
    const data = { kind: 'linear-regression', n_train: 64, n_test: 16, dim: 6, condition: 8, noise: 0.1, seed: 3, standardize: false } as const;
    const lambdaMax = jacobiEigen(hessianByHand(makeLinearRegression(data), 0)).values[0];
    // gd: x ← (1 − lr λ) x is stable iff lr λ < 2. Heavy ball with μ = 0.5: z² − (1 + μ − lr λ) z + μ has a root
    // at z = −1 when lr λ = 2 (1 + μ) = 3; at 1.03 × that the root is −1.16 per step, at 0.97 × both have |z| = √μ.
    const limits = { gd: 2 / lambdaMax, momentum: 3 / lambdaMax };
    const lrs = (limit: number) => [0.5, 0.97, 1.03].map((factor) => factor * limit).join(', ');
    const name = `rule-${backend}`;
    const file = join(root, `${name}.yaml`);
    writeFileSync(file, `
name: ${name}
data: { kind: linear-regression, n_train: 64, n_test: 16, dim: 6, condition: 8, noise: 0.1, seed: 3 }
model: { kind: linear, init: normal }
train: { steps: 600, eval_every: 100, batch_size: full }
optimizers:
  - { kind: gd, lr: [${lrs(limits.gd)}] }
  - { kind: momentum, momentum: 0.5, lr: [${lrs(limits.momentum)}] }
`);
    await runExperiment(loadPlan(file), { outRoot: root, backend });
    const experiment = await loadExperiment(join(root, name));
    const spec = lrSensitivityChart(experiment, 'train_loss')!.spec as { layer: { name: string; data: { values: { x: number; series: string }[] } }[] };
    const rules = spec.layer.find((layer) => layer.name === 'rule')!.data.values;
    for (const arm of ['gd', 'momentum'] as const) {
      const runs = experiment.runs.filter((run) => run.record.arm === arm);
      const status = (factor: number) => runs.find((run) => Math.abs(run.record.config.optimizer.lr / limits[arm] - factor) < 1e-9)!.record.status;
      expect([0.5, 0.97, 1.03].map(status)).toEqual(['complete', 'complete', 'diverged']);
      const rule = rules.filter((entry) => entry.series.startsWith(arm));
      expect(rule).toHaveLength(1);
      expect(rule[0].x / limits[arm]).toBeCloseTo(1, 9);
    }
  });
});

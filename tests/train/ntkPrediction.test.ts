// Checks metrics.ntk.predict end to end, through the runner into curve.csv and run.json: the predicted losses of
// a model trained exactly by its kernel (a linearized network, a linear model, full batch or on its own minibatches)
// equal its measured losses to float32 precision, and max_stable_lr equals n·o / λ_max of the kernel built a second
// way (explicit Jacobians by autodiff, float64 eigenvalues), with gd just below it converging and just above diverging.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { buildModel } from '../../src/models/build.js';
import { curveFromCsv } from '../../src/output/curveCsv.js';
import type { CurveRow } from '../../src/output/types.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import type { Plan } from '../../src/plan/types.js';
import { describeEachBackend, type TestBackend } from '../helpers/backends.js';
import { tempDir } from '../helpers/tempDirs.js';
import { explicitJacobians, kernelFromJacobian } from '../models/support.js';

/** Every run's curve and run.json after running `config` (a config object) on `backend`. */
async function trained(config: object, backend: TestBackend): Promise<{ plan: Plan; runs: { arm: string; kind: string; curve: CurveRow[]; json: Record<string, any> }[] }> {
  const plan = loadPlan(config);
  const out = tempDir('ntk-predict');
  await runExperiment(plan, { outRoot: out, backend });
  const runs = plan.runs.map((run) => {
    const folder = join(out, plan.name, 'runs', run.id);
    return {
      arm: run.arm,
      kind: run.config.model.kind,
      curve: curveFromCsv(readFileSync(join(folder, 'curve.csv'), 'utf8')),
      json: JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')),
    };
  });
  return { plan, runs };
}

/** The largest |predicted / measured − 1| of a curve's train and test losses. */
function worstRelativeGap(curve: CurveRow[]): number {
  let worst = 0;
  for (const row of curve) {
    expect(row.ntk_pred_train_loss, `step ${row.step}`).toBeDefined();
    worst = Math.max(worst, Math.abs(row.ntk_pred_train_loss! / row.train_loss - 1), Math.abs(row.ntk_pred_test_loss! / row.test_loss - 1));
  }
  return worst;
}

const network = { kind: 'linearized', parameterization: 'ntk', width: 64 };
const teacher = { kind: 'teacher-mlp', n_train: 48, n_test: 24, dim: 4 };

describeEachBackend('metrics.ntk.predict', (backend) => {
  it('of a linearized network under full-batch gd, momentum and nesterov is its measured train and test loss', async () => {
    const { runs } = await trained(
      {
        name: 'exact-full-batch',
        data: teacher,
        model: network,
        train: { steps: 60, batch_size: 'full', eval_every: 10 },
        optimizers: [
          { kind: 'gd', lr: 0.5 },
          { kind: 'momentum', lr: 0.1, momentum: 0.9 },
          { kind: 'nesterov', lr: 0.1, momentum: 0.8, dampening: 0.1 },
        ],
        metrics: { ntk: { predict: true } },
      },
      backend,
    );
    for (const run of runs) {
      expect(run.curve).toHaveLength(7);
      // The losses fall well below their start: a gap that grows with training would show.
      expect(run.curve.at(-1)!.train_loss).toBeLessThan(run.curve[0].train_loss / 2);
      expect(worstRelativeGap(run.curve), run.arm).toBeLessThan(1e-5);
      expect(run.json.extras.final_ntk_pred_train_loss).toBe(run.curve.at(-1)!.ntk_pred_train_loss);
      expect(run.json.extras.worst_ntk_pred_gap).toBe(worstRelativeGap(run.curve));
    }
  });

  it("of a linear model with 3 outputs under minibatch sgd and momentum follows the run's own batches", async () => {
    const { runs } = await trained(
      {
        name: 'exact-minibatch',
        seeds: [0, 1],
        data: { ...teacher, outputs: 3 },
        model: { kind: 'linear', init: 'normal' },
        // A schedule: the prediction must take each update's scheduled lr.
        train: { steps: 40, batch_size: 8, eval_every: 5, schedule: { kind: 'cosine' } },
        optimizers: [
          { kind: 'sgd', lr: 0.2 },
          { kind: 'momentum', lr: 0.05, momentum: 0.9 },
        ],
        metrics: { ntk: { predict: true } },
      },
      backend,
    );
    for (const run of runs) expect(worstRelativeGap(run.curve), run.arm).toBeLessThan(1e-5);
  });

  it('of an mlp is its linearization: close at width 512, not equal (an approximation, whose gap the test bounds)', async () => {
    const { runs } = await trained(
      {
        name: 'mlp-gap',
        data: teacher,
        model: { ...network, kind: 'mlp', width: 512 },
        train: { steps: 40, batch_size: 'full', eval_every: 10 },
        optimizers: [{ kind: 'gd', lr: 0.5 }],
        metrics: { ntk: { predict: true } },
      },
      backend,
    );
    const gap = worstRelativeGap(runs[0].curve);
    expect(gap).toBeGreaterThan(1e-5);
    expect(gap).toBeLessThan(0.1);
  });

  it('leaves an infinite-ntk run without a prediction (its curve is kernel dynamics already) and predicts the mlp beside it', async () => {
    const { runs } = await trained(
      {
        name: 'beside-infinite',
        data: teacher,
        model: { kind: ['mlp', 'infinite-ntk'], parameterization: 'ntk', width: 64 },
        train: { steps: 10, batch_size: 'full', eval_every: 5 },
        optimizers: [{ kind: 'gd', lr: 0.5 }],
        metrics: { ntk: { points: 8, predict: true } },
      },
      backend,
    );
    const byKind = Object.fromEntries(runs.map((run) => [run.kind, run]));
    expect(byKind.mlp.curve.every((row) => row.ntk_pred_train_loss !== undefined)).toBe(true);
    expect(byKind.mlp.json.extras.max_stable_lr).toBeGreaterThan(0);
    expect(byKind['infinite-ntk'].curve.some((row) => row.ntk_pred_train_loss !== undefined || row.ntk_pred_test_loss !== undefined)).toBe(false);
    expect(byKind['infinite-ntk'].json.extras).not.toHaveProperty('max_stable_lr');
  });

  it('max_stable_lr is n·o / λ_max of J Jᵀ from explicit Jacobians; gd at 0.95 of it converges, at 1.05 diverges', async () => {
    const config = (lr: number[] | number) => ({
      name: 'stability',
      data: { kind: 'teacher-mlp', n_train: 24, n_test: 8, dim: 3 },
      model: { kind: 'linearized', parameterization: 'ntk', width: 32 },
      train: { steps: 400, batch_size: 'full', eval_every: 50 },
      optimizers: [{ kind: 'gd', lr }],
      metrics: { ntk: { points: 8, predict: true } },
    });
    // The kernel a second way: the run's model and init, J row by row by tf.grads, J Jᵀ and its eigenvalues in float64.
    const plan = loadPlan(config(0.1));
    const [run] = plan.runs;
    const data = await loadDataset(run.config.data);
    const model = buildModel([run.config.model], [run.seed], data);
    const theta0 = model.init();
    const x = tf.tensor2d(data.xTrain, [data.nTrain, data.dim]);
    const kernel = kernelFromJacobian(explicitJacobians(model, theta0, x)[0], data.nTrain);
    tf.dispose([...theta0, x]);
    model.dispose();
    const n = data.nTrain;
    const rows = Array.from({ length: n }, (_, i) => Array.from(kernel.subarray(i * n, (i + 1) * n)));
    const lambdaMax = Math.max(...new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues);
    const expected = (n * data.outputs) / lambdaMax;

    const first = await trained(config(0.1), backend);
    expect(Math.abs(first.runs[0].json.extras.max_stable_lr / expected - 1)).toBeLessThan(1e-5);

    const { runs } = await trained(config([0.95 * expected, 1.05 * expected]), backend);
    const [below, above] = runs;
    expect(below.json.status).toBe('complete');
    expect(below.curve.at(-1)!.train_loss).toBeLessThan(below.curve[0].train_loss);
    expect(above.json.status).toBe('diverged');
    // The prediction blows up with it: along the top eigenvector the error grows by |1 − 2.1| per step.
    expect(above.curve.at(-2)!.ntk_pred_train_loss!).toBeGreaterThan(1e3 * above.curve[0].ntk_pred_train_loss!);
  });
});

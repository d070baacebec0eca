import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { curveWithoutWallTime } from '../helpers/curves.js';
import { Matrix, solve } from 'ml-matrix';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { makeLinearRegression } from '../../src/data/linearRegression.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { describeEachBackend } from '../helpers/backends.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-experiment-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configFile(name: string, yaml: string): string {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

const sweep = `
name: sweep
seeds: [0, 1]
data: { kind: linear-regression, n_train: 64, n_test: 32, dim: 6, condition: 10, noise: 0.1 }
model: { kind: linear, init: normal }
train: { steps: 60, batch_size: 16, eval_every: 20 }
optimizers:
  - { kind: sgd, lr: [0.01, 0.05] }
  - { kind: adamw, lr: 0.01, name: adamw-0.01 }
`;

describeEachBackend('runExperiment', (backend) => {
  it('writes every file of SPEC §3 and skips complete runs on a re-run', async () => {
    const out = join(root, `out-${backend}`);
    const plan = loadPlan(configFile(`sweep-${backend}`, sweep));
    expect(plan.runs).toHaveLength(6);
    const first = await runExperiment(plan, { outRoot: out, backend });
    expect(first.trained).toBe(6);
    const dir = join(out, 'sweep');
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(plan.runs.map((r) => r.id).sort());
    for (const run of plan.runs) {
      const json = JSON.parse(readFileSync(join(dir, 'runs', run.id, 'run.json'), 'utf8'));
      expect(json).toMatchObject({ run_id: run.id, status: 'complete', backend, diverged_at: null, param_count: 7, seed: run.seed });
      expect(json.state_floats_per_param).toBe(run.arm === 'sgd' ? 0 : 2);
      expect(json.config.optimizer.kind).toBe(run.config.optimizer.kind);
      expect(Object.keys(json.versions)).toEqual(expect.arrayContaining(['optlab', 'tfjs', 'node']));
      const curve = readFileSync(join(dir, 'runs', run.id, 'curve.csv'), 'utf8').trim().split('\n');
      expect(curve[0]).toBe('step,epoch,examples,wall_ms,lr,train_loss,test_loss,objective,grad_norm,update_norm,param_dist');
      expect(curve.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([0, 20, 40, 60]);
    }
    const summary = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(summary).toHaveLength(7);
    expect(summary[0].split(',').slice(0, 5)).toEqual(['run_id', 'arm', 'optimizer.lr', 'seed', 'status']);
    const curves = readFileSync(join(dir, 'curves.csv'), 'utf8').trim().split('\n');
    expect(curves).toHaveLength(1 + 6 * 4);

    const stamp = statSync(join(dir, 'runs', plan.runs[0].id, 'curve.csv')).mtimeMs;
    rmSync(join(dir, 'runs', plan.runs[1].id, 'run.json'));
    const again = await runExperiment(plan, { outRoot: out, backend });
    expect(again.skipped).toBe(5);
    expect(again.trained).toBe(1);
    expect(statSync(join(dir, 'runs', plan.runs[0].id, 'curve.csv')).mtimeMs).toBe(stamp);
    expect(again.records).toHaveLength(6);
  });

  it('writes identical curves (but for wall time) when the same config runs twice', async () => {
    const plan = loadPlan(configFile(`twice-${backend}`, sweep));
    await runExperiment(plan, { outRoot: join(root, `a-${backend}`), backend });
    await runExperiment(plan, { outRoot: join(root, `b-${backend}`), backend });
    for (const run of plan.runs) {
      const a = curveWithoutWallTime(join(root, `a-${backend}`, 'sweep', 'runs', run.id, 'curve.csv'));
      const b = curveWithoutWallTime(join(root, `b-${backend}`, 'sweep', 'runs', run.id, 'curve.csv'));
      expect(a).toBe(b);
    }
  });

  it('takes ridge under full-batch GD to the closed-form objective', async () => {
    const data = { kind: 'linear-regression', n_train: 64, n_test: 16, dim: 8, condition: 10, noise: 0.1, seed: 0, standardize: false } as const;
    const lambda = 0.01;
    const plan = loadPlan(
      configFile(
        `ridge-${backend}`,
        `
name: ridge
data: ${JSON.stringify(data)}
model: { kind: ridge, lambda: ${lambda} }
train: { steps: 1500, eval_every: 500 }
optimizers: [{ kind: gd, lr: 0.3 }]
`,
      ),
    );
    const result = await runExperiment(plan, { outRoot: join(root, `ridge-${backend}`), backend });
    const record = result.records[0];
    // Independent reference: the normal equations of mse + lambda ||W||^2 with an unpenalised bias,
    // [X 1]^T [X 1] / n + diag(lambda, ..., lambda, 0) applied to [W; b] = [X 1]^T y / n, solved in float64.
    const { xTrain, yTrain, nTrain: n, dim: d } = makeLinearRegression(data);
    const A = Matrix.zeros(d + 1, d + 1);
    const r = Matrix.zeros(d + 1, 1);
    for (let i = 0; i < n; i++) {
      const row = [...Array.from(xTrain.subarray(i * d, (i + 1) * d)), 1];
      for (let a = 0; a <= d; a++) {
        r.set(a, 0, r.get(a, 0) + (row[a] * yTrain[i]) / n);
        for (let b = 0; b <= d; b++) A.set(a, b, A.get(a, b) + (row[a] * row[b]) / n);
      }
    }
    for (let a = 0; a < d; a++) A.set(a, a, A.get(a, a) + lambda);
    const theta = solve(A, r).getColumn(0);
    let objective = 0;
    for (let i = 0; i < n; i++) {
      let f = theta[d];
      for (let j = 0; j < d; j++) f += xTrain[i * d + j] * theta[j];
      objective += (f - yTrain[i]) ** 2 / n;
    }
    for (let j = 0; j < d; j++) objective += lambda * theta[j] ** 2;
    const final = record.curve.at(-1)!.objective;
    expect(Math.abs(final - objective) / objective).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(record.extras.ridge_closed_form_objective - objective) / objective).toBeLessThan(1e-9);
    expect(record.extras.ridge_distance).toBeLessThan(1e-3);
    expect(existsSync(join(root, `ridge-${backend}`, 'ridge', 'summary.csv'))).toBe(true);
  });
});

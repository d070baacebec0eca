// Numeric faults in a sweep: a run that diverges (huge lr, exploding gradients, an init so large its first loss
// overflows) ends `diverged` at the right step while the other runs of its cohort train exactly as they do alone;
// zero gradients give zero updates and no 0/0 NaN with every optimizer; lr = 0 leaves the parameters where they are;
// precond-gd with delta = 0 on a singular design is refused before training (it would fail its whole cohort).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { UserError } from '../../src/lib/errors.js';
import { loadDataset } from '../../src/data/load.js';
import type { CurveRow, RunRecord } from '../../src/output/types.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import type { PlannedRun } from '../../src/plan/types.js';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { curveWithoutWallTime } from '../helpers/curves.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-numeric-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** SPEC §1: a run diverges at the first objective that is not finite or exceeds this multiple of its initial one. */
const DIVERGENCE_FACTOR = 1e6;

/** Every optimizer kind of the catalog. */
const OPTIMIZER_KINDS = ['gd', 'sgd', 'momentum', 'nesterov', 'signsgd', 'rmsprop', 'adagrad', 'adam', 'adamw', 'lion', 'precond-gd'];

function write(name: string, text: string): string {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
}

function curveOf(outDir: string, runId: string): string {
  return curveWithoutWallTime(join(outDir, 'runs', runId, 'curve.csv'));
}

/** The run's record as run.json has it. */
function runJson(outDir: string, runId: string): { status: string; diverged_at: number | null } {
  return JSON.parse(readFileSync(join(outDir, 'runs', runId, 'run.json'), 'utf8'));
}

/** Trains `faulty` (the sweep) and `healthy` (the same config without the faulty values) and checks each diverged run and every other run. */
async function expectFaultContained(
  name: string,
  faulty: string,
  healthy: string,
  backend: string,
): Promise<{ diverged: RunRecord[]; outDir: string }> {
  const together = await runExperiment(loadPlan(write(`${name}.yaml`, faulty)), { outRoot: join(root, `${name}-${backend}`), backend: backend as 'cpu' });
  const alone = await runExperiment(loadPlan(write(`${name}-alone.yaml`, healthy)), { outRoot: join(root, `${name}-alone-${backend}`), backend: backend as 'cpu' });
  const diverged = together.records.filter((record) => record.status === 'diverged');
  expect(diverged.length).toBeGreaterThan(0);
  for (const record of diverged) {
    // The curve stops at diverged_at, whose objective is non-finite or beyond the factor; the rows before are not.
    const last = record.curve.at(-1)!;
    expect(last.step).toBe(record.diverged_at);
    expect(!Number.isFinite(last.objective) || last.objective > DIVERGENCE_FACTOR * record.curve[0].objective).toBe(true);
    for (const row of record.curve.slice(0, -1)) expect(row.objective).toBeLessThanOrEqual(DIVERGENCE_FACTOR * record.curve[0].objective);
    expect(runJson(together.outDir, record.run_id)).toMatchObject({ status: 'diverged', diverged_at: record.diverged_at });
  }
  // Every other run is complete, with the curve it has when trained without the faulty runs (run ids are config hashes).
  const healthyIds = alone.records.map((record) => record.run_id);
  expect(together.records.filter((record) => record.status !== 'diverged').map((record) => record.run_id).sort()).toEqual([...healthyIds].sort());
  for (const record of alone.records) {
    expect(record.status).toBe('complete');
    expect(curveOf(together.outDir, record.run_id)).toBe(curveOf(alone.outDir, record.run_id));
  }
  return { diverged, outDir: together.outDir };
}

describeEachBackend('numeric faults', (backend) => {
  it('a huge lr on an MLP diverges (sgd: beyond 1e6 x; adam: gradients overflow) while its cohort trains as if alone', async () => {
    const sweep = (sgd: string, adam: string) => `
name: hugelr
data: { kind: teacher-mlp, n_train: 64, n_test: 32, dim: 4 }
model: { kind: mlp, width: 16 }
train: { steps: 40, batch_size: 16, eval_every: 10 }
optimizers: [{ kind: sgd, lr: ${sgd} }, { kind: adam, lr: ${adam} }]
`;
    const { diverged } = await expectFaultContained('hugelr', sweep('[0.01, 1000, 0.05]', '[0.01, 1.0e+6]'), sweep('[0.01, 0.05]', '0.01'), backend);
    expect(diverged.map((record) => record.swept['optimizer.lr']).sort()).toEqual([1000, 1e6]);
    // Both blow up on their first update: checked on every update's minibatch, not only at logged steps.
    expect(diverged.map((record) => record.diverged_at)).toEqual([1, 1]);
  });

  it('an init so large that the first loss overflows diverges at step 0 while its cohort trains as if alone', async () => {
    const sweep = (wStd: string) => `
name: hugeinit
seeds: [0, 1]
data: { kind: teacher-mlp, n_train: 64, n_test: 32, dim: 4 }
model: { kind: mlp, width: 16, parameterization: ntk, w_std: ${wStd} }
train: { steps: 30, batch_size: 16, eval_every: 10 }
optimizers: [{ kind: sgd, lr: 0.05 }]
`;
    const { diverged } = await expectFaultContained('hugeinit', sweep('[1, 1.0e+12]'), sweep('1'), backend);
    expect(diverged).toHaveLength(2);
    for (const record of diverged) {
      expect(record.diverged_at).toBe(0);
      expect(record.curve).toHaveLength(1);
      expect(record.curve[0].objective).toBe(Infinity);
    }
  });

  it('zero gradients (all-zero data, zero init) give every optimizer zero updates and no NaN', async () => {
    // Two zero features and a zero target: f = 0 = y, so every gradient is exactly 0 and stays 0. Adam, RMSprop and
    // Adagrad then divide 0 by eps (not 0 by 0), signSGD and Lion take sign(0) = 0, precond-gd multiplies 0 by P.
    const zeros = 'a,b,y\n' + '0,0,0\n'.repeat(16);
    write('zeros-train.csv', zeros);
    write('zeros-test.csv', zeros);
    const config = write(
      'zeros.yaml',
      `name: zeros
data: { kind: csv, train: zeros-train.csv, test: zeros-test.csv, target: y }
model: { kind: linear }
train: { steps: 12, batch_size: 4, eval_every: 3 }
optimizers: [${OPTIMIZER_KINDS.map((kind) => `{ kind: ${kind}, lr: 0.1${kind === 'adamw' || kind === 'lion' ? ', weight_decay: 0.1' : ''} }`).join(', ')}]
`,
    );
    const result = await runExperiment(loadPlan(config), { outRoot: join(root, `zeros-${backend}`), backend });
    expect(result.records.map((record) => record.config.optimizer.kind).sort()).toEqual([...OPTIMIZER_KINDS].sort());
    for (const record of result.records) {
      expect(record.status, record.arm).toBe('complete');
      expect(record.curve.map((row) => row.step)).toEqual([0, 3, 6, 9, 12]);
      for (const row of record.curve) {
        expect({ arm: record.arm, step: row.step, train_loss: row.train_loss, test_loss: row.test_loss, objective: row.objective, grad_norm: row.grad_norm, update_norm: row.update_norm, param_dist: row.param_dist }).toEqual({
          arm: record.arm, step: row.step, train_loss: 0, test_loss: 0, objective: 0, grad_norm: 0, update_norm: 0, param_dist: 0,
        });
      }
    }
  });

  it('lr = 0 leaves every optimizer\'s parameters where they started, and its cohort trains as if alone', async () => {
    // The catalog asks for lr > 0, so the lr = 0 runs are resolved configs changed after loading.
    const plan = loadPlan(
      write(
        'lr0.yaml',
        `name: lr0
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear, init: normal }
train: { steps: 12, batch_size: 8, eval_every: 4, schedule: { kind: warmup, steps: 4 } }
optimizers: [${OPTIMIZER_KINDS.map((kind) => `{ kind: ${kind}, lr: 0.05${kind === 'adamw' || kind === 'lion' ? ', weight_decay: 0.1' : ''} }`).join(', ')}]
`,
      ),
    );
    const data = await loadDataset(plan.runs[0].config.data);
    const metricsOf = ({ wall_ms: _wall, ...rest }: CurveRow) => rest;
    for (const healthy of plan.runs) {
      const still: PlannedRun = { ...healthy, id: `${healthy.id}-lr0`, seed: 7, config: { ...healthy.config, seed: 7, optimizer: { ...healthy.config.optimizer, lr: 0 } } };
      const together = await trainCohort([healthy, still], data);
      const alone = await trainCohort([healthy], data);
      const [healthyOutcome, stillOutcome] = together.runs;
      expect(stillOutcome.status, healthy.arm).toBe('complete');
      const first = stillOutcome.curve[0];
      for (const row of stillOutcome.curve) {
        expect([healthy.arm, row.step, row.lr, row.update_norm, row.param_dist, row.train_loss, row.objective]).toEqual([healthy.arm, row.step, 0, 0, 0, first.train_loss, first.objective]);
      }
      expect(Number.isFinite(first.train_loss)).toBe(true);
      expect(healthyOutcome.curve.map(metricsOf)).toEqual(alone.runs[0].curve.map(metricsOf));
    }
  });

  it('refuses precond-gd with delta = 0 on linearly dependent columns before training, naming the field', async () => {
    // b = 2a: X~ = [a, 2a, 1] has rank 2, so X~^T X~ / n (3 x 3) is singular and only delta > 0 makes it invertible.
    write('dependent.csv', 'a,b,y\n1,2,3\n2,4,5\n3,6,7\n4,8,9\n');
    const config = write(
      'singular.yaml',
      `name: singular
data: { kind: csv, train: dependent.csv, test: dependent.csv, target: y }
model: { kind: linear }
train: { steps: 5 }
optimizers: [{ kind: sgd }, { kind: precond-gd, lr: 0.5, delta: [0.001, 0] }]
`,
    );
    const outRoot = join(root, `singular-${backend}`);
    const refusal = runExperiment(loadPlan(config), { outRoot, backend });
    await expect(refusal).rejects.toBeInstanceOf(UserError);
    await expect(refusal).rejects.toThrow(
      `${config}: optimizers[1].delta: expected a number > 0 for this data (its columns, with the bias's column of ones, are linearly dependent, so X~^T X~ / n is singular), got 0`,
    );
    expect(existsSync(join(outRoot, 'singular'))).toBe(false);
  });
});

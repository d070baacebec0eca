// A scripted sweep (loadPlan with a scalar --set, then runExperiment, once per lr, into one folder) trained for
// real on each backend, then summarised: one group per lr, each over its own two seeds, with the means and stds
// of the final losses read back from curve.csv by the test itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { loadExperiment } from '../../src/report/experiment.js';
import { summarizeExperiment } from '../../src/report/summarize.js';
import { describeEachBackend } from '../helpers/backends.js';
import { finishedRuns, referenceMean, referenceStd } from './curveFiles.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-loop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONFIG = `
name: loop
seeds: [0, 1]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 3, condition: 5, noise: 0.1 }
model: { kind: linear, init: normal }
train: { steps: 20, batch_size: 8, eval_every: 10 }
optimizers:
  - { kind: sgd, lr: 0.01 }
`;
const LRS = [0.005, 0.02, 0.08];

describeEachBackend('a scripted loop of runExperiment calls, summarised', (backend) => {
  it('gives one group per lr, n = 2 each, with the seeds\' mean and std of the final train loss', async () => {
    const file = join(root, `loop-${backend}.yaml`);
    writeFileSync(file, CONFIG);
    const out = join(root, backend);
    for (const lr of LRS) await runExperiment(loadPlan(file, { set: [`optimizers[0].lr=${lr}`] }), { outRoot: out, backend });
    const dir = join(out, 'loop');
    const experiment = await loadExperiment(dir);
    // plan.json is the last call's: the earlier lrs' runs are outside it, and still summarised (--plan all).
    expect(experiment.outsidePlan).toHaveLength(4);
    const summary = summarizeExperiment(experiment);
    expect(summary.sweptFields).toEqual(['optimizer.lr']);
    expect(summary.groups.map((group) => group.swept['optimizer.lr']).sort((a, b) => Number(a) - Number(b))).toEqual(LRS);
    const onDisk = finishedRuns(dir);
    for (const group of summary.groups) {
      const finals = onDisk.filter((run) => run.lr === group.swept['optimizer.lr']).map((run) => run.rows[run.rows.length - 1].train_loss);
      expect(group.seeds).toBe(2);
      expect(group.metrics.final_train_loss.mean).toBeCloseTo(referenceMean(finals), 12);
      expect(group.metrics.final_train_loss.std!).toBeCloseTo(referenceStd(finals), 12);
    }
  });
});

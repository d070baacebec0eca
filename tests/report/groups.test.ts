// Group labels name what the configs sweep and leave out what follows from it: with model.kind: [mlp, infinite-ntk]
// and a width sweep, the runs also differ in hidden (set by width), center and depth (set by kind), and the
// infinite-width run has no width at all.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { loadExperiment } from '../../src/report/experiment.js';
import { groupRuns } from '../../src/report/groups.js';
import { tempDir } from '../helpers/tempDirs.js';

it('labels groups by the swept fields they have, without the fields those imply, and orders them by value', async () => {
  const root = tempDir('group-labels');
  const file = join(root, 'labels.yaml');
  writeFileSync(file, [
    'name: labels',
    'data: { kind: teacher-mlp, n_train: 16, n_test: 8, dim: 3 }',
    'model: { kind: [mlp, infinite-ntk], parameterization: ntk, width: [8, 16], center: true }',
    'train: { steps: 2, batch_size: full, eval_every: 1 }',
    'optimizers:',
    '  - { kind: gd, lr: 0.1 }',
  ].join('\n'));
  const plan = loadPlan(file);
  await runExperiment(plan, { outRoot: root, backend: 'cpu' });
  const labels = groupRuns((await loadExperiment(join(root, 'labels'))).runs).map((group) => group.label);
  // In legend order: a group without a field first, then widths by size ([8] before [16], not as text).
  expect(labels).toEqual(['gd kind=infinite-ntk', 'gd kind=mlp width=8', 'gd kind=mlp width=16']);
});

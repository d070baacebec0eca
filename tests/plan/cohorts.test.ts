// Cohorts: runs equal but for per-run fields train together; large groups split into near-equal
// chunks. Expected groupings are worked out by hand from each plan's run order.
import { describe, expect, it } from 'vitest';
import { groupCohorts } from '../../src/plan/cohorts.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import type { PlannedRun } from '../../src/plan/types.js';
import { tempFolder } from '../config/configFiles.js';

const runsOf = (lines: string[]) => loadPlan(tempFolder().write('exp.yaml', lines.join('\n') + '\n')).runs;
const indexesOf = (runs: PlannedRun[], groups: PlannedRun[][]) => groups.map((g) => g.map((run) => runs.indexOf(run)));

describe('groupCohorts', () => {
  const runs = runsOf([
    'name: exp',
    'seeds: [0, 1, 2]',
    'optimizers:',
    '  - { kind: sgd, lr: [0.01, 0.05] }',
    '  - { kind: momentum }',
    'grid:',
    '  train.batch_size: [32, 128]',
  ]);
  // Run order: sgd lr 0.01 (bs 32: runs 0-2, bs 128: 3-5), sgd lr 0.05 (bs 32: 6-8, bs 128: 9-11),
  // momentum (bs 32: 12-14, bs 128: 15-17).

  it('groups runs that differ only in per-run fields', () => {
    const cohorts = groupCohorts(runs, Number.MAX_SAFE_INTEGER);
    expect(indexesOf(runs, cohorts.map((c) => c.runs))).toEqual([
      [0, 1, 2, 6, 7, 8],
      [3, 4, 5, 9, 10, 11],
      [12, 13, 14],
      [15, 16, 17],
    ]);
    expect(new Set(cohorts.map((c) => c.key)).size).toBe(4);
  });

  it('splits a group larger than the limit into near-equal chunks sharing its key', () => {
    const cohorts = groupCohorts(runs, 4);
    // 6 runs at most 4 per cohort: ceil(6/4) = 2 chunks of 3.
    expect(indexesOf(runs, cohorts.map((c) => c.runs))).toEqual([[0, 1, 2], [6, 7, 8], [3, 4, 5], [9, 10, 11], [12, 13, 14], [15, 16, 17]]);
    expect(cohorts[0].key).toBe(cohorts[1].key);
    // 7 runs at most 3: ceil(7/3) = 3 chunks of 3, 2, 2.
    const seven = runsOf(['name: exp', 'seeds: [0, 1, 2, 3, 4, 5, 6]', 'optimizers: [{ kind: sgd }]']);
    expect(groupCohorts(seven, 3).map((c) => c.runs.length)).toEqual([3, 2, 2]);
    expect(groupCohorts(seven, 1)).toHaveLength(7);
  });

  it('keeps hyperparameters, arm names, model lambda/init and schedules inside one cohort', () => {
    const mixed = runsOf([
      'name: exp',
      'model: { kind: ridge, lambda: [0.1, 1], init: [zeros, normal] }',
      'train: { schedule: [{ kind: constant }, { kind: cosine }] }',
      'optimizers:',
      '  - { kind: adam, lr: [0.1, 0.01], beta1: [0.8, 0.9], beta2: 0.99, eps: 1e-6, weight_decay: [0, 0.1] }',
      '  - { kind: adam, name: other }',
    ]);
    expect(groupCohorts(mixed, 1000)).toHaveLength(1);
  });

  it('separates structural differences: data, model kind, optimizer kind, bias correction, batch size, steps, eval_every', () => {
    const variants = ['data: { noise: [0.1, 0.2] }', 'train: { steps: [10, 20] }', 'train: { eval_every: [5, 10] }', 'train: { batch_size: [8, 16] }'];
    for (const variant of variants) {
      const split = runsOf(['name: exp', variant, 'optimizers: [{ kind: adam }]']);
      expect(groupCohorts(split, 1000), variant).toHaveLength(2);
    }
    const linear = runsOf(['name: exp', 'model: { kind: linear }', 'optimizers: [{ kind: sgd }]']);
    const ridge = runsOf(['name: exp', 'model: { kind: ridge }', 'optimizers: [{ kind: sgd }]']);
    expect(groupCohorts([...linear, ...ridge], 1000)).toHaveLength(2);
    const kinds = runsOf(['name: exp', 'model: { kind: ridge }', 'optimizers: [{ kind: adam }, { kind: adamw }, { kind: adam, name: raw, bias_correction: false }]']);
    expect(groupCohorts(kinds, 1000)).toHaveLength(3);
  });

  it('trains network runs together only when they differ in seed, optimizer numerics or the per-run scales', () => {
    const together = runsOf([
      'name: exp',
      'seeds: [0, 1, 2]',
      'data: { kind: moons }',
      'model: { kind: mlp, width: 32 }',
      'train: { schedule: [{ kind: constant }, { kind: cosine }] }',
      'optimizers: [{ kind: sgd, lr: [0.1, 0.01] }]',
    ]);
    expect(groupCohorts(together, 1000)).toHaveLength(1);
    // The cohort model scales each run's layers by its own factors (src/models/runScale.ts).
    const scales = runsOf([
      'name: exp',
      'data: { kind: moons }',
      'model: { kind: mlp, parameterization: [standard, ntk], w_std: [1, 2], b_std: [0, 0.1], output_scale: [1, 10] }',
      'optimizers: [{ kind: sgd }]',
    ]);
    expect(scales).toHaveLength(16);
    expect(groupCohorts(scales, 1000)).toHaveLength(1);
    const variants: [string, string][] = [
      ['model', '{ kind: mlp, width: [32, 64] }'],
      ['model', '{ kind: mlp, depth: [1, 2] }'],
      ['model', '{ kind: mlp, hidden: [[32], [32, 32]] }'],
      ['model', '{ kind: mlp, activation: [relu, tanh] }'],
      ['model', '{ kind: mlp, bias: [true, false] }'],
      ['metrics', '{ ntk: { every: [10, 20] } }'],
      ['metrics', '{ ntk: { points: [8, 16] } }'],
      ['data', '{ kind: moons, seed: [0, 1] }'],
    ];
    for (const [section, value] of variants) {
      const sections = { data: '{ kind: moons }', model: '{ kind: mlp }', [section]: value };
      const split = runsOf(['name: exp', ...Object.entries(sections).map(([key, v]) => `${key}: ${v}`), 'optimizers: [{ kind: sgd }]']);
      expect(groupCohorts(split, 1000), value).toHaveLength(2);
    }
    const kinds = ['mlp', 'linearized', 'linear-probe'].flatMap((kind) => runsOf(['name: exp', `model: { kind: ${kind} }`, 'optimizers: [{ kind: sgd }]']));
    expect(groupCohorts(kinds, 1000)).toHaveLength(3);
  });

  it('rejects a size limit below one', () => {
    expect(() => groupCohorts(runs, 0)).toThrow(RangeError);
  });
});

// Every field has the default SPEC.md §2/§4 gives it: the expected configs below are written out by
// hand from the spec, not produced by the code.
import { describe, expect, it } from 'vitest';
import type { OptimizerConfig, RunConfig } from '../../src/config/types.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from './configFiles.js';

describe('defaults', () => {
  it('fills every field of a minimal config', () => {
    const file = tempFolder().write('minimal.yaml', 'name: minimal\noptimizers:\n  - kind: sgd\n');
    const plan = loadPlan(file);
    expect(plan.runs).toHaveLength(1);
    const expected: RunConfig = {
      name: 'minimal',
      seed: 0,
      data: { kind: 'linear-regression', n_train: 512, n_test: 256, dim: 32, condition: 100, noise: 0.1, seed: 0, standardize: false },
      model: { kind: 'linear', init: 'zeros' },
      train: { steps: 1000, batch_size: 32, loss: 'mse', eval_every: 20, schedule: { kind: 'constant' } },
      optimizer: { kind: 'sgd', name: 'sgd', lr: 0.01, weight_decay: 0 },
      metrics: {},
    };
    expect(plan.runs[0].config).toEqual(expected);
    expect(plan.runs[0]).toMatchObject({ arm: 'sgd', armIndex: 0, seed: 0, swept: {} });
    expect(plan.sweptFields).toEqual([]);
  });

  it('gives every optimizer kind its SPEC defaults', () => {
    const kinds = ['gd', 'sgd', 'momentum', 'nesterov', 'signsgd', 'rmsprop', 'adagrad', 'adam', 'adamw', 'lion', 'precond-gd'];
    const file = tempFolder().write('all.yaml', `name: all\noptimizers:\n${kinds.map((k) => `  - kind: ${k}\n`).join('')}`);
    const optimizers = loadPlan(file).runs.map((r) => r.config.optimizer);
    const base = { lr: 0.01, weight_decay: 0 };
    const expected: OptimizerConfig[] = [
      { kind: 'gd', name: 'gd', ...base },
      { kind: 'sgd', name: 'sgd', ...base },
      { kind: 'momentum', name: 'momentum', ...base, momentum: 0.9, dampening: 0 },
      { kind: 'nesterov', name: 'nesterov', ...base, momentum: 0.9, dampening: 0 },
      { kind: 'signsgd', name: 'signsgd', ...base },
      { kind: 'rmsprop', name: 'rmsprop', ...base, alpha: 0.99, eps: 1e-8 },
      { kind: 'adagrad', name: 'adagrad', ...base, eps: 1e-10, initial_accumulator: 0 },
      { kind: 'adam', name: 'adam', ...base, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: true },
      { kind: 'adamw', name: 'adamw', lr: 0.01, weight_decay: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: true },
      { kind: 'lion', name: 'lion', ...base, beta1: 0.9, beta2: 0.99 },
      { kind: 'precond-gd', name: 'precond-gd', ...base, delta: 1e-8 },
    ];
    expect(optimizers).toEqual(expected);
  });

  it('runs the full-batch optimizers (gd, precond-gd) with batch_size "full"', () => {
    const file = tempFolder().write('full.yaml', 'name: full\ntrain: { batch_size: 16 }\noptimizers: [{ kind: gd }, { kind: precond-gd }, { kind: sgd }]\n');
    expect(loadPlan(file).runs.map((r) => r.config.train.batch_size)).toEqual(['full', 'full', 16]);
  });

  it('fills the defaults of csv data, ridge, and each schedule', () => {
    const folder = tempFolder();
    folder.write('d.csv', 'x,y\n1,2\n');
    const file = folder.write(
      'more.yaml',
      [
        'name: more',
        'data: { kind: csv, train: d.csv, test: d.csv, target: y }',
        'model: { kind: ridge }',
        'train:',
        '  schedule: [{ kind: step, every: 100 }, { kind: cosine }, { kind: warmup, steps: 10 }]',
        'optimizers: [{ kind: sgd }]',
        '',
      ].join('\n'),
    );
    const runs = loadPlan(file).runs;
    expect(runs[0].config.data).toMatchObject({ kind: 'csv', target: 'y', standardize: false });
    expect(runs[0].config.model).toEqual({ kind: 'ridge', init: 'zeros', lambda: 0.01 });
    expect(runs.map((r) => r.config.train.schedule)).toEqual([
      { kind: 'step', every: 100, gamma: 0.1 },
      { kind: 'cosine', min_factor: 0 },
      { kind: 'warmup', steps: 10, then: { kind: 'constant' } },
    ]);
  });

  it('labels an arm by its name when given', () => {
    const file = tempFolder().write('named.yaml', 'name: n\noptimizers: [{ kind: adamw, name: adamw-0.01, weight_decay: 0.01 }]\n');
    expect(loadPlan(file).runs[0]).toMatchObject({ arm: 'adamw-0.01', config: { optimizer: { name: 'adamw-0.01' } } });
  });
});

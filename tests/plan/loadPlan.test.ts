// Sweep expansion (SPEC.md §2): runs = arms x product of axes x seeds, in a stable order, with every
// swept field recorded. Expected counts and values are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { loadPlan, MAX_RUNS } from '../../src/plan/loadPlan.js';
import { tempFolder } from '../config/configFiles.js';
import { problemAt, problemsOf } from '../config/problemsOf.js';
import { catalogWithListModel } from './testCatalog.js';

function plan(yaml: string[], options?: Parameters<typeof loadPlan>[1]) {
  return loadPlan(tempFolder().write('exp.yaml', yaml.join('\n') + '\n'), options);
}

describe('loadPlan expansion', () => {
  it('multiplies arms, per-arm lists, grid axes and seeds', () => {
    const p = plan([
      'name: exp',
      'seeds: [0, 1, 2]',
      'optimizers:',
      '  - { kind: sgd, lr: [0.01, 0.05] }',
      '  - { kind: adam }',
      'grid:',
      '  train.batch_size: [32, 128]',
    ]);
    // (2 lr for sgd + 1 for adam) x 2 batch sizes x 3 seeds = 18
    expect(p.runs).toHaveLength(18);
    expect(p.name).toBe('exp');
    expect(p.sweptFields).toEqual(['optimizer.lr', 'train.batch_size']);
    // sgd's lr varies slowest, then batch size, then seed.
    expect(p.runs.slice(0, 12).map((r) => [r.config.optimizer.lr, r.config.train.batch_size, r.seed])).toEqual([
      [0.01, 32, 0], [0.01, 32, 1], [0.01, 32, 2], [0.01, 128, 0], [0.01, 128, 1], [0.01, 128, 2],
      [0.05, 32, 0], [0.05, 32, 1], [0.05, 32, 2], [0.05, 128, 0], [0.05, 128, 1], [0.05, 128, 2],
    ]);
    expect(p.runs[6].swept).toEqual({ 'optimizer.lr': 0.05, 'train.batch_size': 32 });
    // adam's lr is not swept: its runs record only the batch size.
    expect(p.runs[12]).toMatchObject({ arm: 'adam', armIndex: 1, swept: { 'train.batch_size': 32 } });
    expect(Object.keys(p.runs[12].swept)).toEqual(['train.batch_size']);
  });

  it('applies lists in data, model and train to every arm', () => {
    const p = plan([
      'name: exp',
      'data: { noise: [0, 0.5] }',
      'model: { kind: ridge, lambda: [0.1, 1] }',
      'optimizers: [{ kind: sgd }, { kind: momentum }]',
    ]);
    // 2 arms x 2 noises x 2 lambdas = 8
    expect(p.runs).toHaveLength(8);
    expect(p.sweptFields).toEqual(['data.noise', 'model.lambda']);
    expect(p.runs.map((r) => [r.arm, (r.config.data as { noise: number }).noise, (r.config.model as { lambda: number }).lambda])).toEqual([
      ['sgd', 0, 0.1], ['sgd', 0, 1], ['sgd', 0.5, 0.1], ['sgd', 0.5, 1],
      ['momentum', 0, 0.1], ['momentum', 0, 1], ['momentum', 0.5, 0.1], ['momentum', 0.5, 1],
    ]);
  });

  it('grid axes on one arm apply to that arm only', () => {
    const p = plan(['name: exp', 'optimizers: [{ kind: sgd }, { kind: adam }]', 'grid:', '  optimizers[1].beta1: [0.8, 0.9, 0.95]']);
    // sgd 1 + adam 3 = 4
    expect(p.runs.map((r) => r.arm)).toEqual(['sgd', 'adam', 'adam', 'adam']);
    expect(p.runs.slice(1).map((r) => r.swept)).toEqual([{ 'optimizer.beta1': 0.8 }, { 'optimizer.beta1': 0.9 }, { 'optimizer.beta1': 0.95 }]);
    expect(p.runs[0].swept).toEqual({});
  });

  it('zip adds one paired axis', () => {
    const p = plan([
      'name: exp',
      'seeds: [0, 1]',
      'optimizers: [{ kind: momentum }, { kind: sgd }]',
      'zip:',
      '  optimizers[0].lr: [0.1, 0.01, 0.001]',
      '  optimizers[0].momentum: [0, 0.9, 0.99]',
    ]);
    // momentum: 3 pairs x 2 seeds = 6; sgd: 2 seeds = 2
    expect(p.runs).toHaveLength(8);
    const pairs = p.runs.filter((r) => r.arm === 'momentum').map((r) => [r.config.optimizer.lr, (r.config.optimizer as { momentum: number }).momentum]);
    expect(pairs).toEqual([[0.1, 0], [0.1, 0], [0.01, 0.9], [0.01, 0.9], [0.001, 0.99], [0.001, 0.99]]);
    expect(p.sweptFields).toEqual(['optimizer.lr', 'optimizer.momentum']);
  });

  it('a zip of shared fields applies to every arm', () => {
    const p = plan(['name: exp', 'optimizers: [{ kind: sgd }, { kind: adam }]', 'zip:', '  train.batch_size: [16, 64]', '  train.steps: [100, 400]']);
    expect(p.runs.map((r) => [r.arm, r.config.train.batch_size, r.config.train.steps])).toEqual([
      ['sgd', 16, 100], ['sgd', 64, 400], ['adam', 16, 100], ['adam', 64, 400],
    ]);
  });

  it('rejects a zip that mixes an arm with shared fields', () => {
    const file = tempFolder().write('mix.yaml', 'name: exp\noptimizers: [{ kind: sgd }]\nzip:\n  train.batch_size: [16]\n  optimizers[0].lr: [0.1]\n');
    expect(problemAt(problemsOf(file), 'zip').location).toEqual({ file, line: 3, col: 1 });
  });

  it('sweeps schedules as whole mappings or by their parameters', () => {
    const whole = plan(['name: exp', 'train:', '  schedule: [{ kind: constant }, { kind: warmup, steps: 10, then: { kind: cosine } }]', 'optimizers: [{ kind: sgd }]']);
    expect(whole.runs.map((r) => r.swept['train.schedule'])).toEqual(['constant', 'warmup(steps=10, then=cosine(min_factor=0))']);
    const nested = plan(['name: exp', 'train:', '  schedule: { kind: step, every: 10, gamma: [0.1, 0.5] }', 'optimizers: [{ kind: sgd }]']);
    expect(nested.sweptFields).toEqual(['train.schedule.gamma']);
    expect(nested.runs.map((r) => r.config.train.schedule)).toEqual([
      { kind: 'step', every: 10, gamma: 0.1 },
      { kind: 'step', every: 10, gamma: 0.5 },
    ]);
  });

  it('does not multiply a full-batch arm by batch sizes', () => {
    const p = plan(['name: exp', 'optimizers: [{ kind: gd }, { kind: sgd }]', 'grid:', '  train.batch_size: [32, 128]']);
    // gd: 1 run (always full batch); sgd: 2
    expect(p.runs.map((r) => [r.arm, r.config.train.batch_size, r.swept['train.batch_size']])).toEqual([
      ['gd', 'full', 'full'],
      ['sgd', 32, 32],
      ['sgd', 128, 128],
    ]);
  });

  it('refuses an empty sweep list', () => {
    const file = tempFolder().write('empty.yaml', 'name: exp\noptimizers:\n  - { kind: sgd, lr: [] }\n');
    expect(problemAt(problemsOf(file), 'optimizers[0].lr').message).toBe('expected a non-empty list of values to sweep, got []');
  });

  it('lets arms share settings through YAML anchors and merge keys', () => {
    const p = plan(['name: exp', 'optimizers:', '  - &adam { kind: adam, lr: 0.1, beta2: 0.99 }', '  - { <<: *adam, name: slow, lr: 0.01 }']);
    expect(p.runs.map((r) => r.config.optimizer)).toMatchObject([
      { kind: 'adam', name: 'adam', lr: 0.1, beta2: 0.99 },
      { kind: 'adam', name: 'slow', lr: 0.01, beta2: 0.99 },
    ]);
  });

  it('refuses a plan of more than MAX_RUNS runs before building it', () => {
    const values = `[${Array.from({ length: 20 }, (_, i) => i + 1).join(', ')}]`;
    const file = tempFolder().write(
      'huge.yaml',
      ['name: exp', 'optimizers: [{ kind: sgd }]', 'grid:', `  train.steps: ${values}`, `  train.eval_every: ${values}`, `  data.dim: ${values}`, `  data.n_test: ${values}`, ''].join('\n'),
    );
    // 20^4 = 160000 runs > 100000
    expect(MAX_RUNS).toBe(100_000);
    expect(problemAt(problemsOf(file), '')).toMatchObject({ location: { file, line: 1, col: 1 }, message: 'expected at most 100000 runs, got 160000 from the sweeps' });
  });

  it('reports the plan sources and base folder', () => {
    const folder = tempFolder();
    const file = folder.write('exp.yaml', 'name: exp\noptimizers: [{ kind: sgd }]\n');
    expect(loadPlan(file)).toMatchObject({ sources: [file], baseDir: folder.dir });
  });
});

describe('list-typed fields', () => {
  it('are one value when written as a list, and swept by a list of lists', () => {
    const single = plan(['name: exp', 'model: { kind: widths-test, hidden: [64, 64] }', 'optimizers: [{ kind: sgd }]'], { catalog: catalogWithListModel });
    expect(single.runs.map((r) => r.config.model)).toEqual([{ kind: 'widths-test', hidden: [64, 64] }]);
    expect(single.sweptFields).toEqual([]);
    const swept = plan(['name: exp', 'model: { kind: widths-test, hidden: [[64], [256, 256]] }', 'optimizers: [{ kind: sgd }]'], { catalog: catalogWithListModel });
    expect(swept.runs.map((r) => r.swept)).toEqual([{ 'model.hidden': [64] }, { 'model.hidden': [256, 256] }]);
  });

  it('are swept by grid entries and --set lists of lists', () => {
    const grid = plan(['name: exp', 'model: { kind: widths-test }', 'optimizers: [{ kind: sgd }]', 'grid:', '  model.hidden: [[8], [16, 16]]'], { catalog: catalogWithListModel });
    expect(grid.runs.map((r) => (r.config.model as unknown as { hidden: number[] }).hidden)).toEqual([[8], [16, 16]]);
    const set = plan(['name: exp', 'model: { kind: widths-test }', 'optimizers: [{ kind: sgd }]'], {
      catalog: catalogWithListModel,
      set: ['model.hidden=[4],[5,5],[6]'],
    });
    expect(set.runs).toHaveLength(3);
  });

  it('report a non-list entry of a list of lists', () => {
    const file = tempFolder().write('bad.yaml', 'name: exp\nmodel: { kind: widths-test, hidden: [[64], 128] }\noptimizers: [{ kind: sgd }]\n');
    expect(problemAt(problemsOf(file, { catalog: catalogWithListModel }), 'model.hidden[1]')).toMatchObject({
      location: { file, line: 2, col: 44 },
      message: 'expected a list of at least 1, each an integer >= 1, got 128',
    });
  });

  it('lets an optimizer restrict the model kinds it works with', () => {
    const file = tempFolder().write('pgd.yaml', 'name: exp\nmodel: { kind: widths-test }\noptimizers:\n  - kind: precond-gd\n');
    expect(problemAt(problemsOf(file, { catalog: catalogWithListModel }), 'optimizers[0].kind')).toMatchObject({
      location: { file, line: 4, col: 11 },
      message: 'precond-gd works only with model kinds linear, ridge, got model kind "widths-test"',
    });
  });
});

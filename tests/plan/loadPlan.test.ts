// Sweep expansion (SPEC.md §2): runs = arms x product of axes x seeds, in a stable order, with every
// swept field recorded. Expected counts and values are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import type { MlpModel } from '../../src/config/types.js';
import { loadPlan, MAX_RUNS } from '../../src/plan/loadPlan.js';
import { tempFolder } from '../config/configFiles.js';
import { problemAt, problemsOf } from '../config/problemsOf.js';

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

  it('a zip of an arm field with shared fields varies every arm and sets the arm field in its arm only', () => {
    const p = plan(['name: exp', 'optimizers: [{ kind: sgd, lr: 0.5 }, { kind: adam }]', 'zip:', '  model.init: [zeros, normal]', '  optimizers[0].lr: [0.1, 0.2]']);
    expect(p.runs.map((r) => [r.arm, (r.config.model as { init: string }).init, r.config.optimizer.lr])).toEqual([
      ['sgd', 'zeros', 0.1], ['sgd', 'normal', 0.2], ['adam', 'zeros', 0.01], ['adam', 'normal', 0.01],
    ]);
    expect(p.runs.map((r) => r.swept)).toEqual([
      { 'model.init': 'zeros', 'optimizer.lr': 0.1 },
      { 'model.init': 'normal', 'optimizer.lr': 0.2 },
      { 'model.init': 'zeros' },
      { 'model.init': 'normal' },
    ]);
  });

  it('sweeps model.kind to compare a network with its linearization, other fields shared', () => {
    const p = plan(['name: exp', 'model: { kind: [mlp, linearized], width: [8, 16] }', 'optimizers: [{ kind: sgd }]']);
    expect(p.runs.map((r) => [r.config.model.kind, (r.config.model as { hidden: number[] }).hidden])).toEqual([
      ['mlp', [8]], ['mlp', [16]], ['linearized', [8]], ['linearized', [16]],
    ]);
    expect(p.sweptFields).toEqual(['model.kind', 'model.width']);
  });

  it('rejects a zip over fields of two different arms alone', () => {
    const file = tempFolder().write('mix.yaml', 'name: exp\noptimizers: [{ kind: sgd }, { kind: adam }]\nzip:\n  optimizers[1].lr: [0.1]\n  optimizers[0].lr: [0.1]\n');
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
    const single = plan(['name: exp', 'model: { kind: mlp, hidden: [64, 64] }', 'optimizers: [{ kind: sgd }]']);
    expect(single.runs.map((r) => (r.config.model as MlpModel).hidden)).toEqual([[64, 64]]);
    expect(single.sweptFields).toEqual([]);
    const swept = plan(['name: exp', 'model: { kind: mlp, hidden: [[64], [256, 256]] }', 'optimizers: [{ kind: sgd }]']);
    expect(swept.runs.map((r) => r.swept)).toEqual([{ 'model.hidden': [64] }, { 'model.hidden': [256, 256] }]);
    expect(swept.sweptFields).toEqual(['model.hidden']);
  });

  it('are swept by grid entries and --set lists of lists', () => {
    const grid = plan(['name: exp', 'model: { kind: mlp }', 'optimizers: [{ kind: sgd }]', 'grid:', '  model.hidden: [[8], [16, 16]]']);
    expect(grid.runs.map((r) => (r.config.model as MlpModel).hidden)).toEqual([[8], [16, 16]]);
    const set = plan(['name: exp', 'model: { kind: mlp }', 'optimizers: [{ kind: sgd }]'], { set: ['model.hidden=[4],[5,5],[6]'] });
    expect(set.runs.map((r) => (r.config.model as MlpModel).hidden)).toEqual([[4], [5, 5], [6]]);
  });

  it('report a non-list entry of a list of lists', () => {
    const file = tempFolder().write('bad.yaml', 'name: exp\nmodel: { kind: mlp, hidden: [[64], 128] }\noptimizers: [{ kind: sgd }]\n');
    // "model: { kind: mlp, hidden: [[64], " is 35 characters: 128 starts at column 36.
    expect(problemAt(problemsOf(file), 'model.hidden[1]')).toMatchObject({
      location: { file, line: 2, col: 36 },
      message: 'expected a list of at least 1, each an integer >= 1, got 128',
    });
  });
});

describe('network width sweeps', () => {
  it('sweep model.width, recorded under its own name while the config holds hidden', () => {
    const p = plan(['name: exp', 'seeds: [0, 1]', 'model: { kind: mlp, width: [64, 256, 1024], depth: 2 }', 'optimizers: [{ kind: sgd }]']);
    // 3 widths x 2 seeds = 6, width slowest
    expect(p.sweptFields).toEqual(['model.width']);
    expect(p.runs.map((r) => [r.swept['model.width'], (r.config.model as MlpModel).hidden, r.seed])).toEqual([
      [64, [64, 64], 0], [64, [64, 64], 1],
      [256, [256, 256], 0], [256, [256, 256], 1],
      [1024, [1024, 1024], 0], [1024, [1024, 1024], 1],
    ]);
  });

  it('sweep model.width and model.depth from grid entries', () => {
    const p = plan(['name: exp', 'model: { kind: linearized }', 'optimizers: [{ kind: sgd }]', 'grid:', '  model.width: [8, 16]', '  model.depth: [1, 3]']);
    expect(p.sweptFields).toEqual(['model.width', 'model.depth']);
    expect(p.runs.map((r) => [r.swept, (r.config.model as MlpModel).hidden])).toEqual([
      [{ 'model.width': 8, 'model.depth': 1 }, [8]],
      [{ 'model.width': 8, 'model.depth': 3 }, [8, 8, 8]],
      [{ 'model.width': 16, 'model.depth': 1 }, [16]],
      [{ 'model.width': 16, 'model.depth': 3 }, [16, 16, 16]],
    ]);
  });

  it('reports a width sweep next to hidden at each swept value', () => {
    const file = tempFolder().write('both.yaml', 'name: exp\nmodel: { kind: mlp, hidden: [8], width: [16, 32] }\noptimizers: [{ kind: sgd }]\n');
    // "model: { kind: mlp, hidden: [8], width: [" is 41 characters: 16 at column 42, 32 at column 46.
    const problems = problemsOf(file);
    expect(problemAt(problems, 'model.width[0]').location).toEqual({ file, line: 2, col: 42 });
    expect(problemAt(problems, 'model.width[1]').location).toEqual({ file, line: 2, col: 46 });
  });

  it('names the network fields a grid path may sweep', () => {
    const file = tempFolder().write('typo.yaml', 'name: exp\nmodel: { kind: mlp }\noptimizers: [{ kind: sgd }]\ngrid:\n  model.widht: [8]\n');
    expect(problemAt(problemsOf(file), 'grid.model.widht').hint).toBe('did you mean "model.width"?');
  });
});

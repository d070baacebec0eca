// The config side of networks (SPEC §2, §4, §5): MLP-family models, the new datasets, NTK metrics and
// the loss each task allows. Expected configs are written out by hand from the spec and the catalog's
// documented defaults; line/column numbers are counted by hand from the YAML below.
import { describe, expect, it } from 'vitest';
import type { DataConfig, MlpModel, RunConfig } from '../../src/config/types.js';
import { groupCohorts } from '../../src/plan/cohorts.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from './configFiles.js';
import { problemAt, problemsOf } from './problemsOf.js';

const write = (lines: string[]) => tempFolder().write('net.yaml', lines.join('\n') + '\n');
const configsOf = (lines: string[]): RunConfig[] => loadPlan(write(lines)).runs.map((r) => r.config);

const mlpDefaults: Omit<MlpModel, 'kind'> = {
  hidden: [256],
  activation: 'relu',
  bias: true,
  parameterization: 'standard',
  w_std: 1,
  b_std: 0.1,
  output_scale: 1,
  center: false,
};

describe('network models', () => {
  it('fill every default of mlp, linearized and linear-probe', () => {
    for (const kind of ['mlp', 'linearized', 'linear-probe'] as const) {
      const [config] = configsOf(['name: n', `model: { kind: ${kind} }`, 'optimizers: [{ kind: sgd }]']);
      expect(config.model, kind).toEqual({ kind, ...mlpDefaults });
    }
  });

  it('keeps every field that is written', () => {
    const [config] = configsOf([
      'name: n',
      'model: { kind: mlp, hidden: [32, 16], activation: gelu, bias: false, parameterization: ntk, w_std: 1.5, b_std: 0, output_scale: 10, center: true }',
      'optimizers: [{ kind: sgd }]',
    ]);
    expect(config.model).toEqual({
      kind: 'mlp', hidden: [32, 16], activation: 'gelu', bias: false, parameterization: 'ntk', w_std: 1.5, b_std: 0, output_scale: 10, center: true,
    });
  });

  it('accept center: true for every network kind, and sweep it within one cohort (a per-run factor)', () => {
    for (const kind of ['mlp', 'linearized', 'linear-probe'] as const) {
      const [config] = configsOf(['name: n', `model: { kind: ${kind}, center: true }`, 'optimizers: [{ kind: sgd }]']);
      expect(config.model, kind).toEqual({ kind, ...mlpDefaults, center: true });
    }
    const plan = loadPlan(write(['name: n', 'model: { kind: mlp, center: [false, true], output_scale: [1, 8] }', 'optimizers: [{ kind: sgd }]']));
    expect(plan.runs.map((r) => [(r.config.model as MlpModel).center, (r.config.model as MlpModel).output_scale])).toEqual([
      [false, 1], [false, 8], [true, 1], [true, 8],
    ]);
    expect(new Set(plan.runs.map((r) => r.id)).size).toBe(4);
    expect(groupCohorts(plan.runs, 1000)).toHaveLength(1);
  });

  it('reject center for linear and ridge models, at the key', () => {
    const file = write(['name: n', 'model:', '  kind: ridge', '  center: true', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'model.center')).toMatchObject({
      location: { file, line: 4, col: 3 },
      message: 'unknown key "center": expected one of kind, init, lambda',
    });
    const linear = write(['name: n', 'model: { kind: linear, center: false }', 'optimizers: [{ kind: sgd }]']);
    // "model: { kind: linear, " is 23 characters: center starts at column 24.
    expect(problemAt(problemsOf(linear), 'model.center')).toMatchObject({
      location: { file: linear, line: 2, col: 24 },
      message: 'unknown key "center": expected one of kind, init',
    });
  });

  it('folds width and depth into hidden (width 256, depth 1 when one is missing)', () => {
    const hiddenOf = (model: string) => (configsOf(['name: n', `model: ${model}`, 'optimizers: [{ kind: sgd }]'])[0].model as MlpModel).hidden;
    expect(hiddenOf('{ kind: mlp, width: 64, depth: 3 }')).toEqual([64, 64, 64]);
    expect(hiddenOf('{ kind: mlp, width: 64 }')).toEqual([64]);
    expect(hiddenOf('{ kind: linearized, depth: 2 }')).toEqual([256, 256]);
    const [config] = configsOf(['name: n', 'model: { kind: mlp, width: 64, depth: 2 }', 'optimizers: [{ kind: sgd }]']);
    expect(Object.keys(config.model)).not.toContain('width');
    expect(Object.keys(config.model)).not.toContain('depth');
  });

  it('gives width/depth and the hidden list they stand for the same run id', () => {
    const idOf = (model: string) => loadPlan(write(['name: n', `model: ${model}`, 'optimizers: [{ kind: sgd }]'])).runs[0].id;
    expect(idOf('{ kind: mlp, width: 64, depth: 2 }')).toBe(idOf('{ kind: mlp, hidden: [64, 64] }'));
    expect(idOf('{ kind: mlp }')).toBe(idOf('{ kind: mlp, hidden: [256] }'));
    expect(idOf('{ kind: mlp, width: 64, depth: 2 }')).not.toBe(idOf('{ kind: mlp, hidden: [64] }'));
  });

  it('rejects hidden together with width or depth, at the shorthand', () => {
    const file = write(['name: n', 'model:', '  kind: mlp', '  hidden: [64]', '  depth: 2', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'model.depth')).toMatchObject({
      location: { file, line: 5, col: 10 },
      message: "expected either hidden or width/depth, not both (hidden lists every layer's width), got hidden [64]",
    });
  });

  it('reports bad architecture values with what was expected', () => {
    const file = write([
      'name: n',
      'model: { kind: mlp, hidden: [64, 0], activation: rellu, parameterization: NTK }',
      'optimizers: [{ kind: sgd }]',
    ]);
    const problems = problemsOf(file);
    // "model: { kind: mlp, hidden: [64, " is 33 characters: the 0 is column 34.
    expect(problemAt(problems, 'model.hidden[1]')).toMatchObject({ location: { file, line: 2, col: 34 }, message: 'expected an integer >= 1, got 0' });
    expect(problemAt(problems, 'model.activation')).toMatchObject({
      location: { file, line: 2, col: 50 },
      message: 'expected one of relu, tanh, gelu, erf, linear, got "rellu"',
      hint: 'did you mean "relu"?',
    });
    expect(problemAt(problems, 'model.parameterization').hint).toBe('did you mean "ntk"?');
  });

  it('suggests the network kind for a misspelt one', () => {
    const file = write(['name: n', 'model: { kind: linear_probe }', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'model.kind')).toMatchObject({ location: { file, line: 2, col: 16 }, hint: 'did you mean "linear-probe"?' });
  });

  it('keeps precond-gd to linear and ridge models', () => {
    const file = write(['name: n', 'model: { kind: mlp }', 'optimizers:', '  - kind: precond-gd']);
    expect(problemAt(problemsOf(file), 'optimizers[0].kind')).toMatchObject({
      location: { file, line: 4, col: 11 },
      message: 'precond-gd works only with model kinds linear, ridge, got model kind "mlp"',
    });
  });
});

describe('network datasets', () => {
  const dataOf = (data: string): { data: DataConfig; loss: string } => {
    const [config] = configsOf(['name: n', `data: ${data}`, 'optimizers: [{ kind: sgd }]']);
    return { data: config.data, loss: config.train.loss };
  };

  it('fill every default, with cross-entropy for classification data and mse for regression data', () => {
    expect(dataOf('{ kind: teacher-mlp }')).toEqual({
      data: { kind: 'teacher-mlp', n_train: 512, n_test: 256, dim: 8, hidden: [64], activation: 'tanh', outputs: 1, noise: 0.1, seed: 0, standardize: false },
      loss: 'mse',
    });
    expect(dataOf('{ kind: moons }')).toEqual({
      data: { kind: 'moons', n_train: 512, n_test: 256, noise: 0.1, seed: 0, standardize: false },
      loss: 'cross-entropy',
    });
    expect(dataOf('{ kind: spirals }')).toEqual({
      data: { kind: 'spirals', n_train: 600, n_test: 300, classes: 3, noise: 0.2, seed: 0, standardize: false },
      loss: 'cross-entropy',
    });
    expect(dataOf('{ kind: blobs }')).toEqual({
      data: { kind: 'blobs', n_train: 512, n_test: 256, dim: 2, classes: 3, spread: 1, seed: 0, standardize: false },
      loss: 'cross-entropy',
    });
    expect(dataOf('{ kind: mnist }')).toEqual({
      data: { kind: 'mnist', n_train: 10000, n_test: 2000, classes: 10, seed: 0, standardize: false },
      loss: 'cross-entropy',
    });
  });

  it('allows mse on classification data (against one-hot targets)', () => {
    const [config] = configsOf(['name: n', 'data: { kind: moons }', 'train: { loss: mse }', 'optimizers: [{ kind: sgd }]']);
    expect(config.train.loss).toBe('mse');
  });

  it('rejects cross-entropy on regression data', () => {
    const file = write(['name: n', 'data: { kind: teacher-mlp }', 'train: { loss: cross-entropy }', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'train.loss')).toMatchObject({
      location: { file, line: 3, col: 16 },
      message: 'expected mse (data kind teacher-mlp is regression data), got "cross-entropy"',
    });
  });

  it('rejects MNIST subsets larger than the files hold of the digits asked for', () => {
    const file = write(['name: n', 'data:', '  kind: mnist', '  classes: 2', '  n_train: 20000', '  n_test: 2200', 'optimizers: [{ kind: sgd }]']);
    const problems = problemsOf(file);
    // MNIST has 5923 zeros and 6742 ones for training, 980 and 1135 for testing.
    expect(problemAt(problems, 'data.n_train')).toMatchObject({
      location: { file, line: 5, col: 12 },
      message: 'expected at most 12665 (the MNIST training images of digits 0 and 1), got 20000',
    });
    expect(problemAt(problems, 'data.n_test').message).toBe('expected at most 2115 (the MNIST test images of digits 0 and 1), got 2200');
    const beyond = write(['name: n', 'data: { kind: mnist, n_train: 60001, classes: 11 }', 'optimizers: [{ kind: sgd }]']);
    const ranges = problemsOf(beyond);
    expect(problemAt(ranges, 'data.n_train').message).toBe('expected an integer in [1, 60000], got 60001');
    expect(problemAt(ranges, 'data.classes').message).toBe('expected an integer in [2, 10], got 11');
  });

  it('rejects a linear regression with fewer training examples than dimensions (X would be rank-deficient)', () => {
    const file = write(['name: n', 'data:', '  kind: linear-regression', '  n_train: 4', '  dim: 8', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'data.n_train')).toMatchObject({
      location: { file, line: 4, col: 12 },
      message: 'expected at least dim (8) training examples, so that X has 8 nonzero singular values, got 4',
    });
    // n_train = dim is the smallest full-rank design.
    expect(() => configsOf(['name: n', 'data: { kind: linear-regression, n_train: 8, dim: 8 }', 'train: { batch_size: full }', 'optimizers: [{ kind: sgd }]'])).not.toThrow();
  });

  it('keeps ridge to regression data, and lets linear models classify', () => {
    const file = write(['name: n', 'data: { kind: blobs }', 'model:', '  kind: ridge', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'model.kind')).toMatchObject({
      location: { file, line: 4, col: 9 },
      message: 'ridge works only with regression data, got data kind "blobs" (classification data)',
    });
    expect(configsOf(['name: n', 'data: { kind: blobs }', 'model: { kind: linear }', 'optimizers: [{ kind: sgd }]'])[0].model).toEqual({ kind: 'linear', init: 'zeros' });
  });

  it('checks batch_size against n_train of the new kinds', () => {
    const file = write(['name: n', 'data: { kind: spirals, n_train: 30 }', 'train: { batch_size: 64 }', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'train.batch_size').message).toBe('expected at most the 30 training examples, got 64');
  });
});

describe('metrics', () => {
  it('default to none, and fill the ntk defaults when ntk is given (even empty)', () => {
    expect(configsOf(['name: n', 'optimizers: [{ kind: sgd }]'])[0].metrics).toEqual({});
    const expected = { ntk: { every: 100, points: 32, save_kernels: false, predict: false } };
    expect(configsOf(['name: n', 'metrics: { ntk: {} }', 'optimizers: [{ kind: sgd }]'])[0].metrics).toEqual(expected);
    expect(configsOf(['name: n', 'metrics:', '  ntk:', 'optimizers: [{ kind: sgd }]'])[0].metrics).toEqual(expected);
    expect(configsOf(['name: n', 'metrics: { ntk: { every: 5, points: 8, save_kernels: true } }', 'optimizers: [{ kind: sgd }]'])[0].metrics).toEqual({
      ntk: { every: 5, points: 8, save_kernels: true, predict: false },
    });
  });

  it('rejects more kernel points than training examples, at points', () => {
    const file = write(['name: n', 'data: { kind: moons, n_train: 16 }', 'metrics:', '  ntk: { points: 64 }', 'optimizers: [{ kind: sgd }]']);
    expect(problemAt(problemsOf(file), 'metrics.ntk.points')).toMatchObject({
      location: { file, line: 4, col: 18 },
      message: 'expected at most the 16 training examples, got 64',
    });
  });

  it('reports unknown metric keys with a did-you-mean', () => {
    const file = write(['name: n', 'metrics:', '  ntk: { evry: 10 }', '  ntks: {}', 'optimizers: [{ kind: sgd }]']);
    const problems = problemsOf(file);
    expect(problemAt(problems, 'metrics.ntk.evry')).toMatchObject({ location: { file, line: 3, col: 10 }, hint: 'did you mean "every"?' });
    expect(problemAt(problems, 'metrics.ntks')).toMatchObject({ location: { file, line: 4, col: 3 }, hint: 'did you mean "ntk"?' });
  });

  it('are set and swept from the command line like any field', () => {
    const plan = loadPlan(write(['name: n', 'data: { kind: moons }', 'optimizers: [{ kind: sgd }]']), { set: ['metrics.ntk.points=8,16'] });
    expect(plan.sweptFields).toEqual(['metrics.ntk.points']);
    expect(plan.runs.map((r) => r.config.metrics)).toEqual([
      { ntk: { every: 100, points: 8, save_kernels: false, predict: false } },
      { ntk: { every: 100, points: 16, save_kernels: false, predict: false } },
    ]);
  });

  it('changes the run id (a run with NTK metrics writes more)', () => {
    const idOf = (lines: string[]) => loadPlan(write(lines)).runs[0].id;
    expect(idOf(['name: n', 'metrics: { ntk: {} }', 'optimizers: [{ kind: sgd }]'])).not.toBe(idOf(['name: n', 'optimizers: [{ kind: sgd }]']));
  });
});

// Every class of config problem is reported with its file, line, column, dotted path and, for
// misspellings, a "did you mean". Line/column numbers are counted by hand from the YAML below.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/errors.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from './configFiles.js';
import { problemAt, problemsOf } from './problemsOf.js';

describe('config problems', () => {
  it('reports a YAML syntax error at its position', () => {
    const file = tempFolder().write('syntax.yaml', 'name: x\nseeds: [0, 1]]\n');
    const [problem] = problemsOf(file);
    // "seeds: [0, 1]" is 13 characters: the stray "]" is column 14 of line 2.
    expect(problem.location).toEqual({ file, line: 2, col: 14 });
    expect(problem.path).toBe('');
    expect(problem.message).toMatch(/^YAML syntax error/);
  });

  it('reports a duplicate key as a YAML error', () => {
    const file = tempFolder().write('dup.yaml', 'name: x\nseeds: [0]\nname: y\n');
    expect(problemsOf(file)[0].location).toEqual({ file, line: 3, col: 1 });
  });

  it('reports unknown keys at the key, with a did-you-mean', () => {
    const file = tempFolder().write(
      'unknown.yaml',
      ['name: exp', 'optimizer: []', 'metric: { ntk: { every: 100 } }', 'optimizers:', '  - kind: adam', '    lrr: 0.1', '  - kind: sgd', '    momentum: 0.9', ''].join('\n'),
    );
    const problems = problemsOf(file);
    const lrr = problemAt(problems, 'optimizers[0].lrr');
    expect(lrr.location).toEqual({ file, line: 6, col: 5 });
    expect(lrr.message).toContain('unknown key "lrr"');
    expect(lrr.hint).toBe('did you mean "lr"?');
    const optimizer = problemAt(problems, 'optimizer');
    expect(optimizer.location).toEqual({ file, line: 2, col: 1 });
    expect(optimizer.hint).toBe('did you mean "optimizers"?');
    const metric = problemAt(problems, 'metric');
    expect(metric.location).toEqual({ file, line: 3, col: 1 });
    expect(metric.hint).toBe('did you mean "metrics"?');
    // A key of another kind says where it belongs.
    const momentum = problemAt(problems, 'optimizers[1].momentum');
    expect(momentum.location).toEqual({ file, line: 8, col: 5 });
    expect(momentum.hint).toBe('"momentum" is a parameter of optimizer kinds momentum, nesterov');
  });

  it('reports a wrong type with what was expected and what was found', () => {
    const file = tempFolder().write('type.yaml', ['name: exp', 'model: linear', 'optimizers:', '  - kind: sgd', '    lr: fast', ''].join('\n'));
    const problems = problemsOf(file);
    const lr = problemAt(problems, 'optimizers[0].lr');
    expect(lr.location).toEqual({ file, line: 5, col: 9 });
    expect(lr.message).toBe('expected a number >= 0, got "fast"');
    const model = problemAt(problems, 'model');
    expect(model.location).toEqual({ file, line: 2, col: 8 });
    expect(model.message).toBe('expected a model mapping { kind: ..., ... }, got "linear"');
  });

  it('collects every out-of-range value, not just the first', () => {
    const file = tempFolder().write(
      'range.yaml',
      ['name: exp', 'data:', '  condition: 0.5', 'train:', '  batch_size: 0', 'optimizers:', '  - kind: adam', '    lr: -0.5', '    beta1: 1', ''].join('\n'),
    );
    const problems = problemsOf(file);
    expect(problems).toHaveLength(4);
    expect(problemAt(problems, 'data.condition')).toMatchObject({ location: { file, line: 3, col: 14 }, message: 'expected a number >= 1, got 0.5' });
    expect(problemAt(problems, 'train.batch_size')).toMatchObject({
      location: { file, line: 5, col: 15 },
      message: 'expected an integer >= 1 or "full", got 0',
    });
    expect(problemAt(problems, 'optimizers[0].lr')).toMatchObject({ location: { file, line: 8, col: 9 }, message: 'expected a number >= 0, got -0.5' });
    expect(problemAt(problems, 'optimizers[0].beta1')).toMatchObject({
      location: { file, line: 9, col: 12 },
      message: 'expected a number in [0, 1), got 1',
    });
  });

  it('reports an out-of-range entry of a sweep list at that entry', () => {
    const file = tempFolder().write('sweep.yaml', ['name: exp', 'optimizers:', '  - kind: sgd', '    lr: [0.1, -1]', ''].join('\n'));
    // "    lr: [0.1, -1]": the -1 starts at column 15.
    expect(problemAt(problemsOf(file), 'optimizers[0].lr[1]')).toMatchObject({
      location: { file, line: 4, col: 15 },
      message: 'expected a number >= 0, got -1',
    });
  });

  it('reports an unknown kind with a did-you-mean', () => {
    const file = tempFolder().write(
      'kind.yaml',
      ['name: exp', 'data:', '  kind: linear_regression', 'optimizers:', '  - kind: adamww', ''].join('\n'),
    );
    const problems = problemsOf(file);
    const optimizer = problemAt(problems, 'optimizers[0].kind');
    expect(optimizer.location).toEqual({ file, line: 5, col: 11 });
    expect(optimizer.message).toMatch(/^expected an optimizer kind \(one of gd, sgd, .*\), got "adamww"$/);
    expect(optimizer.hint).toBe('did you mean "adamw"?');
    const data = problemAt(problems, 'data.kind');
    expect(data.location).toEqual({ file, line: 3, col: 9 });
    expect(data.hint).toBe('did you mean "linear-regression"?');
  });

  it('reports a misspelt word with a did-you-mean', () => {
    const file = tempFolder().write('word.yaml', ['name: exp', 'train: { loss: mes, batch_size: ful }', 'optimizers: [{ kind: sgd }]', ''].join('\n'));
    const problems = problemsOf(file);
    expect(problemAt(problems, 'train.loss')).toMatchObject({ location: { file, line: 2, col: 16 }, hint: 'did you mean "mse"?' });
    expect(problemAt(problems, 'train.batch_size')).toMatchObject({ location: { file, line: 2, col: 33 }, hint: 'did you mean "full"?' });
  });

  it('reports missing required fields at the mapping that lacks them', () => {
    const file = tempFolder().write(
      'missing.yaml',
      ['seeds: [0]', 'data:', '  kind: csv', '  target: y', 'train:', '  schedule:', '    kind: step', 'optimizers:', '  - lr: 0.1', ''].join('\n'),
    );
    const problems = problemsOf(file);
    expect(problemAt(problems, 'name')).toMatchObject({ location: { file, line: 1, col: 1 }, message: expect.stringMatching(/^missing required field: expected a folder name/) });
    expect(problemAt(problems, 'data.train')).toMatchObject({ location: { file, line: 3, col: 3 }, message: expect.stringMatching(/^missing required field/) });
    expect(problemAt(problems, 'data.test').location).toEqual({ file, line: 3, col: 3 });
    expect(problemAt(problems, 'train.schedule.every').location).toEqual({ file, line: 7, col: 5 });
    expect(problemAt(problems, 'optimizers[0].kind')).toMatchObject({
      location: { file, line: 9, col: 5 },
      message: expect.stringMatching(/^missing required field: expected an optimizer kind/),
    });
  });

  it('requires at least one arm', () => {
    const file = tempFolder().write('noarms.yaml', 'name: exp\n');
    expect(problemAt(problemsOf(file), 'optimizers').message).toMatch(/^missing required field: expected a non-empty list of optimizer mappings/);
  });

  it('reports a missing config file', () => {
    const file = join(tempFolder().dir, 'absent.yaml');
    expect(problemsOf(file)).toEqual([{ location: { file }, path: '', message: 'cannot read the config file: no such file' }]);
  });

  it('resolves CSV paths against the config folder and reports an unreadable one at its field', () => {
    const folder = tempFolder();
    folder.write('train.csv', 'x,y\n1,2\n');
    mkdirSync(join(folder.dir, 'configs'));
    mkdirSync(join(folder.dir, 'adir'));
    const good = folder.write('configs/ok.yaml', ['name: exp', 'data: { kind: csv, train: ../train.csv, test: ../train.csv, target: y }', 'optimizers: [{ kind: sgd }]', ''].join('\n'));
    expect(loadPlan(good).runs[0].config.data).toEqual({
      kind: 'csv',
      train: join(folder.dir, 'train.csv'),
      test: join(folder.dir, 'train.csv'),
      target: 'y',
      standardize: false,
    });
    const bad = folder.write(
      'configs/bad.yaml',
      ['name: exp', 'data:', '  kind: csv', '  train: ../adir', '  test: nope.csv', '  target: y', 'optimizers:', '  - kind: sgd', ''].join('\n'),
    );
    const problems = problemsOf(bad);
    expect(problemAt(problems, 'data.test')).toMatchObject({
      location: { file: bad, line: 5, col: 9 },
      message: `cannot read "nope.csv" (${join(folder.dir, 'configs', 'nope.csv')}): no such file`,
    });
    expect(problemAt(problems, 'data.train').message).toMatch(/is a folder, not a file$/);
  });

  it('reports a batch size larger than the training set', () => {
    const file = tempFolder().write('batch.yaml', ['name: exp', 'data: { n_train: 64 }', 'train:', '  batch_size: [32, 128]', 'optimizers:', '  - kind: sgd', ''].join('\n'));
    expect(problemAt(problemsOf(file), 'train.batch_size[1]')).toMatchObject({
      location: { file, line: 4, col: 20 },
      message: 'expected at most the 64 training examples, got 128',
    });
  });

  it('rejects cross-entropy on regression data', () => {
    const file = tempFolder().write('ce.yaml', ['name: exp', 'train: { loss: cross-entropy }', 'optimizers: [{ kind: sgd }]', ''].join('\n'));
    expect(problemAt(problemsOf(file), 'train.loss')).toMatchObject({
      location: { file, line: 2, col: 16 },
      message: 'expected mse (data kind linear-regression is regression data), got "cross-entropy"',
    });
  });

  it('reports zip lists of unequal length at the odd one', () => {
    const file = tempFolder().write(
      'zip.yaml',
      ['name: exp', 'optimizers:', '  - kind: adam', 'zip:', '  optimizers[0].lr: [0.1, 0.2]', '  optimizers[0].beta1: [0.9]', ''].join('\n'),
    );
    expect(problemAt(problemsOf(file), 'zip.optimizers[0].beta1')).toMatchObject({
      location: { file, line: 6, col: 3 },
      message: expect.stringMatching(/^expected 2 values, as many as optimizers\[0\]\.lr/),
    });
  });

  it('reports grid paths that name no field, with a did-you-mean', () => {
    const file = tempFolder().write(
      'grid.yaml',
      ['name: exp', 'optimizers:', '  - kind: adam', 'grid:', '  train.batch_sise: [32]', '  optimizers[3].lr: [0.1]', '  optimizers[0].kind: [sgd]', ''].join('\n'),
    );
    const problems = problemsOf(file);
    expect(problemAt(problems, 'grid.train.batch_sise')).toMatchObject({ location: { file, line: 5, col: 3 }, hint: 'did you mean "train.batch_size"?' });
    expect(problemAt(problems, 'grid.optimizers[3].lr').location).toEqual({ file, line: 6, col: 3 });
    expect(problemAt(problems, 'grid.optimizers[0].kind').message).toMatch(/^a kind cannot be swept/);
  });

  it('refuses to sweep one field twice', () => {
    const file = tempFolder().write('twice.yaml', ['name: exp', 'optimizers:', '  - { kind: sgd, lr: [0.1, 0.2] }', 'grid:', '  optimizers[0].lr: [0.3]', ''].join('\n'));
    expect(problemAt(problemsOf(file), 'grid.optimizers[0].lr')).toMatchObject({
      location: { file, line: 5, col: 3 },
      message: 'this field is already swept by optimizers[0].lr',
    });
  });

  it('reports duplicate runs naming both arms, and arms sharing a name', () => {
    const file = tempFolder().write('dups.yaml', ['name: exp', 'optimizers:', '  - { kind: sgd, lr: 0.1 }', '  - { kind: sgd, lr: 0.1 }', ''].join('\n'));
    const problems = problemsOf(file);
    expect(problemAt(problems, 'optimizers[1]')).toMatchObject({
      location: { file, line: 4, col: 5 },
      message: 'arm "sgd" (optimizers[1]) gives the same run as arm "sgd" (optimizers[0]), seed 0',
    });
    expect(problemAt(problems, 'optimizers[1].name').message).toBe('expected a name no other arm has, got "sgd" (also optimizers[0])');
  });

  it('reports repeated seeds as duplicate runs of the arm', () => {
    const file = tempFolder().write('seeds.yaml', ['name: exp', 'seeds: [1, 1]', 'optimizers: [{ kind: sgd }]', ''].join('\n'));
    expect(problemAt(problemsOf(file), 'optimizers[0]').message).toMatch(/^arm "sgd" has two identical runs \(seed 1\)/);
  });

  it('checks the experiment name is a safe folder name', () => {
    for (const name of ['../up', 'a/b', '.hidden', '']) {
      const file = tempFolder().write('name.yaml', `name: "${name}"\noptimizers: [{ kind: sgd }]\n`);
      expect(problemAt(problemsOf(file), 'name').location).toEqual({ file, line: 1, col: 7 });
    }
  });

  it('never lets a raw yaml or zod error through', () => {
    const shapes = ['', '- a\n- b\n', 'name: x\noptimizers: 3\n', 'name: x\ndata: 5\ntrain: [1]\ngrid: 3\nzip: { a: 1 }\noptimizers: [3, { kind: [sgd, adam] }]\n'];
    for (const text of shapes) {
      const file = tempFolder().write('odd.yaml', text);
      expect(() => loadPlan(file)).toThrow(ConfigError);
    }
  });
});

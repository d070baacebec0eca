// loadPlan from a config object built in code: the same plan as the same config written as a YAML file, the
// caller's object left as it was, and problems named by field path under "<config object>" (no file or line).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_OBJECT } from '../../src/config/source.js';
import { ConfigError } from '../../src/lib/errors.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from '../config/configFiles.js';

const YAML = [
  'name: from-code',
  'seeds: [0, 1]',
  'data: { kind: linear-regression, dim: 4, n_train: 64 }',
  'model: { kind: mlp, width: 8 }',
  'optimizers:',
  '  - { kind: sgd, lr: [0.01, 0.1] }',
  '  - { kind: adam }',
].join('\n');

const object = () => ({
  name: 'from-code',
  seeds: [0, 1],
  data: { kind: 'linear-regression', dim: 4, n_train: 64 },
  model: { kind: 'mlp', width: 8 },
  optimizers: [{ kind: 'sgd', lr: [0.01, 0.1] }, { kind: 'adam' }],
});

/** Every line of the ConfigError that `load` throws. */
function errorLines(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('loadPlan from an object', () => {
  it('gives the plan the same config gives from a YAML file, overrides included', () => {
    const file = tempFolder().write('c.yaml', `${YAML}\n`);
    const fromFile = loadPlan(file, { set: ['train.steps=50'] });
    const fromObject = loadPlan(object(), { set: ['train.steps=50'] });
    // (2 sgd lrs + 1 adam) x 2 seeds = 6 runs.
    expect(fromObject.runs).toHaveLength(6);
    expect(fromObject.runs).toEqual(fromFile.runs);
    expect(fromObject.sweptFields).toEqual(fromFile.sweptFields);
    expect(fromObject.sources).toEqual([CONFIG_OBJECT]);
    expect(fromObject.baseDir).toBe(process.cwd());
  });

  it('leaves the caller\'s object unchanged', () => {
    const config = object();
    loadPlan(config);
    expect(config).toEqual(object());
  });

  it('names every problem by its field path, all at once', () => {
    const bad = { ...object(), data: { kind: 'linear-regresion' }, optimizers: [{ kind: 'sgd', lr: -0.1 }] };
    expect(errorLines(() => loadPlan(bad))).toEqual([
      `${CONFIG_OBJECT}: data.kind: expected a dataset kind (one of linear-regression, csv, teacher-mlp, moons, spirals, blobs, mnist), got "linear-regresion" (did you mean "linear-regression"?)`,
      `${CONFIG_OBJECT}: optimizers[0].lr: expected a number >= 0, got -0.1`,
    ]);
  });

  it('refuses values that are not plain data', () => {
    const [line] = errorLines(() => loadPlan({ ...object(), seeds: [() => 0] }));
    expect(line).toMatch(/^<config object>: expected plain data/);
  });

  it('resolves relative csv paths against options.baseDir', () => {
    const folder = tempFolder();
    folder.write('train.csv', 'x,y\n1,2\n3,4\n');
    folder.write('test.csv', 'x,y\n5,6\n');
    const config = { ...object(), model: { kind: 'linear' }, data: { kind: 'csv', train: 'train.csv', test: 'test.csv', target: 'y' } };
    const plan = loadPlan(config, { baseDir: folder.dir });
    expect(plan.runs[0].config.data).toMatchObject({ train: join(folder.dir, 'train.csv'), test: join(folder.dir, 'test.csv') });
    expect(errorLines(() => loadPlan(config))[0]).toMatch(/^<config object>: data\.train: /);
  });
});

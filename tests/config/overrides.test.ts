// `--set path=value`: parsing (YAML scalars, comma lists) and its effect on a loaded plan.
import { describe, expect, it } from 'vitest';
import { parseOverride } from '../../src/config/overrides.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from './configFiles.js';
import { problemAt, problemsOf } from './problemsOf.js';

describe('parseOverride', () => {
  it('parses the value as a YAML scalar', () => {
    expect(parseOverride('train.steps=100')).toEqual({ text: 'train.steps=100', path: ['train', 'steps'], value: 100 });
    expect(parseOverride('data.kind=csv')).toMatchObject({ path: ['data', 'kind'], value: 'csv' });
    expect(parseOverride('optimizers[1].bias_correction=false')).toMatchObject({ path: ['optimizers', 1, 'bias_correction'], value: false });
    expect(parseOverride('optimizers[0].eps=1e-6')).toMatchObject({ value: 1e-6 });
  });

  it('makes a comma list a list of values, splitting outside brackets and quotes only', () => {
    expect(parseOverride('optimizers[0].lr=0.1,0.2,0.4')).toMatchObject({ value: [0.1, 0.2, 0.4] });
    expect(parseOverride('model.hidden=[64,64],[128]')).toMatchObject({ value: [[64, 64], [128]] });
    expect(parseOverride('name="a,b"')).toMatchObject({ value: 'a,b' });
  });

  it('reads a single seed as a list of seeds', () => {
    expect(parseOverride('seeds=3')).toMatchObject({ value: [3] });
    expect(parseOverride('seeds=0,1,2')).toMatchObject({ value: [0, 1, 2] });
  });

  it('locates a malformed override at its --set text', () => {
    for (const text of ['steps', '=1', 'train..steps=1', 'train.steps=', 'x=[1']) {
      expect(parseOverride(text)).toMatchObject({ location: { file: `--set ${text}` } });
    }
  });
});

describe('--set on a plan', () => {
  const config = ['name: exp', 'train:', '  steps: 2000', 'optimizers:', '  - { kind: sgd, lr: [0.01, 0.05] }', '  - { kind: adam }', 'grid:', '  train.batch_size: [32, 128]', ''].join('\n');

  it('overrides values, and a comma list becomes a sweep axis', () => {
    const file = tempFolder().write('exp.yaml', config);
    const plan = loadPlan(file, { set: ['train.steps=100', 'optimizers[1].lr=0.1,0.2', 'seeds=0,1'] });
    // sgd: 2 lr x 2 batch sizes x 2 seeds = 8; adam: 2 lr x 2 batch sizes x 2 seeds = 8
    expect(plan.runs).toHaveLength(16);
    expect(new Set(plan.runs.map((r) => r.config.train.steps))).toEqual(new Set([100]));
    expect(plan.runs.filter((r) => r.arm === 'adam').map((r) => r.config.optimizer.lr)).toEqual([0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2]);
  });

  it('replaces a sweep list or a grid axis by a single value', () => {
    const file = tempFolder().write('exp.yaml', config);
    const plan = loadPlan(file, { set: ['optimizers[0].lr=0.3', 'train.batch_size=64'] });
    expect(plan.runs.map((r) => [r.arm, r.config.optimizer.lr, r.config.train.batch_size])).toEqual([
      ['sgd', 0.3, 64],
      ['adam', 0.01, 64],
    ]);
    expect(plan.sweptFields).toEqual([]);
  });

  it('applies later overrides over earlier ones', () => {
    const file = tempFolder().write('exp.yaml', config);
    expect(loadPlan(file, { set: ['train.steps=5', 'train.steps=7'] }).runs[0].config.train.steps).toBe(7);
  });

  it('locates unknown paths and bad values at the --set text, with a did-you-mean', () => {
    const file = tempFolder().write('exp.yaml', config);
    const problems = problemsOf(file, { set: ['train.stepz=100', 'optimizers[1].lr=-1', 'optimizers[5].lr=1', 'bogus'] });
    expect(problemAt(problems, 'train.stepz')).toMatchObject({ location: { file: '--set train.stepz=100' }, hint: 'did you mean "steps"?' });
    expect(problemAt(problems, 'optimizers[1].lr')).toMatchObject({ location: { file: '--set optimizers[1].lr=-1' }, message: 'expected a number >= 0, got -1' });
    expect(problemAt(problems, 'optimizers[5].lr')).toMatchObject({ location: { file: '--set optimizers[5].lr=1' } });
    expect(problemAt(problems, '')).toMatchObject({ location: { file: '--set bogus' } });
  });

  it('refuses to override one field of a zip', () => {
    const file = tempFolder().write('zip.yaml', ['name: exp', 'optimizers: [{ kind: adam }]', 'zip:', '  optimizers[0].lr: [0.1, 0.2]', '  optimizers[0].beta1: [0.8, 0.9]', ''].join('\n'));
    expect(problemAt(problemsOf(file, { set: ['optimizers[0].lr=0.5'] }), 'optimizers[0].lr').location).toEqual({ file: '--set optimizers[0].lr=0.5' });
  });
});

// metrics.sharpness in a config (SPEC §6): its documented defaults, and each bad input refused as a located
// problem (file, line, column counted by hand from the YAML below) before anything trains.
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/config/catalog.js';
import type { ModelKindSpec } from '../../src/config/catalogTypes.js';
import type { RunConfig } from '../../src/config/types.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from './configFiles.js';
import { problemAt, problemsOf } from './problemsOf.js';

const write = (lines: string[]) => tempFolder().write('sharp.yaml', lines.join('\n') + '\n');
const configsOf = (lines: string[]): RunConfig[] => loadPlan(write(lines)).runs.map((r) => r.config);

describe('metrics.sharpness', () => {
  it('fills every 100, points null (every example), iters 20, and keeps what is written', () => {
    expect(configsOf(['name: n', 'metrics: { sharpness: {} }', 'optimizers: [{ kind: gd }]'])[0].metrics).toEqual({
      sharpness: { every: 100, points: null, iters: 20 },
    });
    expect(configsOf(['name: n', 'metrics: { sharpness: { every: 5, points: 8, iters: 3 } }', 'optimizers: [{ kind: gd }]'])[0].metrics).toEqual({
      sharpness: { every: 5, points: 8, iters: 3 },
    });
    expect(configsOf(['name: n', 'metrics: { sharpness: { points: null } }', 'optimizers: [{ kind: gd }]'])[0].metrics.sharpness?.points).toBeNull();
  });

  it('refuses iters < 1, every < 1 and a fractional points, each at its field', () => {
    const file = write(['name: n', 'metrics:', '  sharpness: { every: 0, points: 2.5, iters: 0 }', 'optimizers: [{ kind: gd }]']);
    const problems = problemsOf(file);
    expect(problemAt(problems, 'metrics.sharpness.every')).toMatchObject({ location: { file, line: 3, col: 23 } });
    expect(problemAt(problems, 'metrics.sharpness.points').message).toBe('expected an integer >= 1 or null, got 2.5');
    expect(problemAt(problems, 'metrics.sharpness.iters')).toMatchObject({ location: { file, line: 3, col: 46 }, message: 'expected an integer >= 1, got 0' });
  });

  it('refuses more Hessian points than training examples, at points', () => {
    const file = write(['name: n', 'data: { kind: moons, n_train: 16 }', 'metrics:', '  sharpness: { points: 64 }', 'optimizers: [{ kind: gd }]']);
    expect(problemAt(problemsOf(file), 'metrics.sharpness.points')).toMatchObject({
      location: { file, line: 4, col: 24 },
      message: 'expected at most the 16 training examples, got 64',
    });
  });

  it('is refused for infinite-ntk (trained in function space, no parameters), at metrics.sharpness', () => {
    const file = write(['name: n', 'model: { kind: infinite-ntk }', 'train: { batch_size: full }', 'metrics:', '  sharpness: {}', 'optimizers: [{ kind: gd }]']);
    expect(problemAt(problemsOf(file), 'metrics.sharpness')).toMatchObject({
      location: { file, line: 5 },
      message: 'model kind "infinite-ntk" has no trainable parameters, so no Hessian: remove metrics.sharpness or use a trainable kind',
    });
  });

  describe('on a model kind without trainable parameters', () => {
    const linear = builtinCatalog.model.kinds.find((kind) => kind.kind === 'linear') as ModelKindSpec;
    afterEach(() => {
      delete linear.trainable;
    });

    it('is refused at metrics.sharpness, naming the kind (the catalog flag trainable: false, not the name, decides)', () => {
      linear.trainable = false;
      const file = write(['name: n', 'model: { kind: linear }', 'metrics:', '  sharpness: { every: 10 }', 'optimizers: [{ kind: gd }]']);
      expect(problemAt(problemsOf(file), 'metrics.sharpness')).toMatchObject({
        location: { file, line: 4 },
        message: 'model kind "linear" has no trainable parameters, so no Hessian: remove metrics.sharpness or use a trainable kind',
      });
    });
  });
});

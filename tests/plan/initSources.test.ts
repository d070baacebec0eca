// model.init_from links each run to the plan's mlp run that differs from it only in model.kind (and init_from):
// same seed, arm and width; the sources are marked to keep their parameters; a plan without them is refused at
// model.init_from with the file and line.
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from '../config/configFiles.js';
import { problemsOf } from '../config/problemsOf.js';

const config = (model: string) =>
  [
    'name: probe',
    'seeds: [0, 1]',
    'data: { kind: spirals, n_train: 60, n_test: 30 }',
    model,
    'train: { steps: 5, batch_size: full }',
    'optimizers:',
    '  - { kind: adam, lr: 0.01 }',
  ].join('\n');

describe('model.init_from', () => {
  it('links every probe and continued mlp to the mlp of its own seed and width', () => {
    const plan = loadPlan({
      name: 'probe',
      seeds: [0, 1],
      data: { kind: 'spirals', n_train: 60, n_test: 30 },
      model: { kind: ['mlp', 'linear-probe'], width: [4, 8], depth: 2, init_from: ['init', 'mlp'] },
      train: { steps: 5, batch_size: 'full' },
      optimizers: [{ kind: 'adam', lr: 0.01 }],
    });
    expect(plan.runs).toHaveLength(16);
    const model = (r: (typeof plan.runs)[number]) => r.config.model as { kind: string; hidden: number[]; init_from?: string };
    for (const run of plan.runs) {
      if (model(run).init_from === 'init') {
        expect(run.initFrom).toBeUndefined();
        // only the mlp runs from their seed's init are sources (both kinds' runs start from them)
        expect(run.saveParams === true).toBe(model(run).kind === 'mlp');
        continue;
      }
      const source = plan.runs.find((r) => r.id === run.initFrom)!;
      expect(model(source)).toMatchObject({ kind: 'mlp', init_from: 'init', hidden: model(run).hidden });
      expect(source.seed).toBe(run.seed);
    }
    expect(plan.runs.filter((r) => r.initFrom !== undefined)).toHaveLength(8);
  });

  it('leaves the resolved config of a model without init_from as it was (same run id)', () => {
    const { write } = tempFolder();
    const plain = loadPlan(write('a.yaml', config('model: { kind: mlp, width: 4 }')));
    expect('init_from' in plain.runs[0].config.model).toBe(false);
    expect(plain.runs.every((r) => r.initFrom === undefined && r.saveParams === undefined)).toBe(true);
  });

  it('refuses a probe whose mlp the plan does not train, at model.init_from', () => {
    const { write } = tempFolder();
    const file = write('a.yaml', config('model: { kind: linear-probe, width: 4, init_from: mlp }'));
    const problems = problemsOf(file);
    // one problem for both seeds: the message names no seed
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'model.init_from', location: { file, line: 4, col: 51 } });
    expect(problems[0].message).toContain('expected a run of model.kind mlp in this plan');
  });

  it('refuses an unknown source kind with the kinds it accepts', () => {
    const { write } = tempFolder();
    const file = write('a.yaml', config('model: { kind: linear-probe, width: 4, init_from: adam }'));
    expect(problemsOf(file)[0]).toMatchObject({ path: 'model.init_from' });
  });
});

// Checks that metrics.ntk.predict on a run it cannot predict is a located config error at the predict line, naming
// the arm and what to do, and that `optlab run` then trains and writes nothing (a CSV's rows are checked once read).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDirs.js';
import { problemsOf } from '../config/problemsOf.js';

const root = tempDir('predict-refusals');

function write(name: string, text: string): string {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
}

/** A config whose metrics.ntk.predict is on line 5, column 39 (the value). */
function config(name: string, lines: { data?: string; model?: string; train?: string; optimizers: string }): string {
  return write(`${name}.yaml`, [
    `name: ${name}`,
    `data: ${lines.data ?? '{ kind: teacher-mlp, n_train: 64, n_test: 16, dim: 3 }'}`,
    `model: ${lines.model ?? '{ kind: linearized, width: 16 }'}`,
    `train: ${lines.train ?? '{ steps: 5, batch_size: full }'}`,
    'metrics: { ntk: { points: 8, predict: true } }',
    `optimizers: ${lines.optimizers}`,
    '',
  ].join('\n'));
}

const cases: { what: string; lines: Parameters<typeof config>[1]; message: RegExp }[] = [
  {
    what: 'adam',
    lines: { optimizers: '[{ kind: adam, lr: 0.01 }]' },
    message: /arm "adam" \(optimizers\[0\]\) cannot be predicted by kernel dynamics: adam's update is not linear in the gradient.*use gd, sgd, momentum, nesterov.*set predict: false/,
  },
  {
    what: 'weight-decay',
    lines: { optimizers: '[{ kind: sgd, lr: 0.1, weight_decay: 0.01 }]' },
    message: /arm "sgd" \(optimizers\[0\]\).*weight_decay.*set weight_decay: 0/,
  },
  {
    what: 'cross-entropy',
    lines: { data: '{ kind: moons, n_train: 64, n_test: 16 }', optimizers: '[{ kind: gd, lr: 0.1 }]' },
    message: /arm "gd" \(optimizers\[0\]\).*mse loss, not cross-entropy; set train\.loss: mse/,
  },
  {
    what: 'ridge',
    lines: { data: '{ kind: linear-regression, n_train: 64, n_test: 16, dim: 3 }', model: '{ kind: ridge, lambda: 0.1 }', optimizers: '[{ kind: gd, lr: 0.1 }]' },
    message: /arm "gd" \(optimizers\[0\]\).*ridge's penalty acts on the weights.*model\.kind: linear/,
  },
  {
    what: 'too-many-examples',
    lines: { data: '{ kind: teacher-mlp, n_train: 5000, n_test: 16, dim: 3 }', optimizers: '[{ kind: gd, lr: 0.1 }]' },
    message: /expected at most 4096 training examples .*got 5000: lower data\.n_train or set predict: false/,
  },
  {
    what: 'mixed-arms',
    lines: { optimizers: '[{ kind: sgd, lr: 0.1 }, { kind: adam, lr: [0.01, 0.001], name: fast }]' },
    message: /arm "fast" \(optimizers\[1\]\) cannot be predicted by kernel dynamics: adam's update/,
  },
];

describe('metrics.ntk.predict refusals', () => {
  it.each(cases)('$what: one problem at metrics.ntk.predict (file, line, column), naming the arm and the fix', ({ what, lines, message }) => {
    const problems = problemsOf(config(what, lines));
    expect(problems.map((p) => p.path)).toEqual(['metrics.ntk.predict']);
    expect(problems[0].location).toMatchObject({ file: expect.stringContaining(`${what}.yaml`), line: 5, col: 39 });
    expect(problems[0].message).toMatch(message);
  });

  it('an arm that can be predicted beside one that cannot: only the other is named', () => {
    const problems = problemsOf(config('mixed-arms-only', { optimizers: '[{ kind: momentum, lr: 0.1 }, { kind: rmsprop, lr: 0.01 }]' }));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^arm "rmsprop" \(optimizers\[1\]\)/);
  });

  it('optlab run exits 2 with the located line and writes nothing', () => {
    const file = config('cli-adam', cases[0].lines);
    const { status, stderr } = runOptlab(root, 'run', file, '--out', 'out', '--backend', 'cpu');
    expect(status).toBe(2);
    expect(stderr).toMatch(/cli-adam\.yaml:5:39:? metrics\.ntk\.predict: arm "adam"/);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('a CSV of more than 4096 rows is refused once read, by validate and run, writing no run', () => {
    write('big.csv', ['a,y', ...Array.from({ length: 4097 }, (_, i) => `${i % 7},${i % 3}`)].join('\n'));
    write('small.csv', 'a,y\n1,2\n');
    const file = config('big-csv', { data: '{ kind: csv, train: big.csv, test: small.csv, target: y }', optimizers: '[{ kind: gd, lr: 0.1 }]' });
    for (const args of [['validate', file], ['run', file, '--out', 'csv-out', '--backend', 'cpu']]) {
      const { status, stderr } = runOptlab(root, ...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(/metrics\.ntk\.predict: expected at most 4096 training examples .*got 4097/);
      expect(stderr).not.toMatch(STACK_TRACE);
    }
    expect(existsSync(join(root, 'csv-out', 'big-csv', 'runs'))).toBe(false);
  });
});

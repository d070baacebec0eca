// The optlab executable as users run it: a child process, its exit status and what it prints.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const optlab = (...args: string[]) => runOptlab(root, ...args);

function write(name: string, text: string): string {
  writeFileSync(join(root, name), text);
  return name;
}

const good = `name: tiny
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 3, condition: 5 }
train: { steps: 10, batch_size: 8, eval_every: 5 }
optimizers:
  - { kind: sgd, lr: [0.01, 0.1] }
`;


describe('optlab CLI', () => {
  it('runs a config, prints one line per finished run and exits 0', () => {
    const { status, stdout, stderr } = optlab('run', write('good.yaml', good), '--out', 'out', '--backend', 'cpu');
    expect(status).toBe(0);
    expect(stderr).toContain('backend cpu');
    expect(stdout.match(/^\[\d\/2\] [0-9a-f]{10} sgd lr=0\.\d+ seed=0 complete/gm)).toHaveLength(2);
    expect(existsSync(join(root, 'out', 'tiny', 'summary.csv'))).toBe(true);
  });

  it('trains a big MLP alone on wasm with one XNNPACK thread per core, and small runs with one', () => {
    // MLP 512-512-1 with sgd at batch 256: P = 262,657, a step is 6 x 256 x P + 8 x 512 x P / 100 = 4.07e8 flops,
    // 0.3 x 4.07e8 / 12e9 = 10.2 ms saved against 2 x 13 ops x 4 µs = 0.1 ms lost; 100 steps gain 1.0 s >= 0.5 s.
    const big = `name: big\ndata: { kind: teacher-mlp, n_train: 512, n_test: 64, dim: 512 }\nmodel: { kind: mlp, hidden: [512] }\ntrain: { steps: 100, batch_size: 256, eval_every: 100 }\noptimizers: [{ kind: sgd, lr: 0.01 }]\n`;
    const threads = Math.min(availableParallelism(), 8);
    const alone = optlab('run', write('big.yaml', big), '--out', 'out', '--backend', 'wasm');
    expect(alone.status).toBe(0);
    expect(alone.stderr).toContain(threads > 1 ? `optlab: backend wasm (${threads} threads)\n` : 'optlab: backend wasm\n');
    const small = optlab('run', write('small.yaml', good.replace('tiny', 'small')), '--out', 'out', '--backend', 'wasm');
    expect(small.status).toBe(0);
    expect(small.stderr).toContain('optlab: backend wasm\n');
  });

  it('prints the plan without training on --dry-run', () => {
    const { status, stdout } = optlab('run', write('dry.yaml', good.replace('tiny', 'dry')), '--out', 'out', '--dry-run');
    expect(status).toBe(0);
    expect(stdout).toContain('2 runs');
    expect(existsSync(join(root, 'out', 'dry'))).toBe(false);
  });

  it('says on --dry-run what the folder already holds: finished runs skipped, runs to train, runs of other plans', () => {
    // The first test trained tiny's sgd at lr 0.01 and 0.1 into out/tiny.
    const widened = optlab('run', 'good.yaml', '--out', 'out', '--dry-run', '--set', 'optimizers[0].lr=0.01,0.1,0.5');
    expect(widened.status).toBe(0);
    expect(widened.stdout).toContain(`${join('out', 'tiny')}: 2 finished (skipped), 1 to train\n`);
    const moved = optlab('run', 'good.yaml', '--out', 'out', '--dry-run', '--set', 'optimizers[0].lr=0.5');
    expect(moved.stdout).toContain(': 0 finished (skipped), 1 to train; 2 finished runs of other plans');
    const forced = optlab('run', 'good.yaml', '--out', 'out', '--dry-run', '--force');
    expect(forced.stdout).toContain(': 2 finished (retrained: --force), 2 to train\n');
    // A run left interrupted is trained again, and said to be.
    const runs = join(root, 'out', 'tiny', 'runs');
    const [first] = readdirSync(runs);
    const runJson = join(runs, first, 'run.json');
    writeFileSync(runJson, readFileSync(runJson, 'utf8').replace('"status": "complete"', '"status": "interrupted"'));
    const resumed = optlab('run', 'good.yaml', '--out', 'out', '--dry-run');
    expect(resumed.stdout).toContain(': 1 finished (skipped), 1 to train (1 left failed or interrupted)\n');
    expect(readFileSync(runJson, 'utf8')).toContain('"status": "interrupted"');
  });

  it('applies --set overrides, a comma list making a grid axis', () => {
    const { status, stdout } = optlab('validate', write('set.yaml', good), '--set', 'train.steps=3', '--set', 'seeds=0,1,2');
    expect(status).toBe(0);
    expect(stdout).toContain('6 runs');
  });

  const badConfigs: [string, string, RegExp][] = [
    ['YAML syntax', 'name: x\noptimizers: [ { kind: sgd }\n', /syntax\.yaml:\d+:\d+/],
    ['unknown key', good.replace('steps: 10', 'stepz: 10'), /unknown-key\.yaml:3:\d+:? train\.stepz: .*did you mean "steps"/],
    ['wrong type', good.replace('steps: 10', 'steps: ten'), /wrong-type\.yaml:3:\d+:? train\.steps: expected .*integer/],
    ['out-of-range value', good.replace('[0.01, 0.1]', '[0.01, -1]'), /out-of-range-value\.yaml:5:\d+:? optimizers\[0\]\.lr\[1\]: expected .*>= 0/],
    ['unknown kind', good.replace('kind: sgd', 'kind: adamm'), /unknown-kind\.yaml:5:\d+:? optimizers\[0\]\.kind: .*did you mean "adam"/],
    ['missing CSV file', 'name: c\ndata: { kind: csv, train: nope.csv, test: nope.csv, target: y }\noptimizers: [{ kind: sgd }]\n', /missing-csv-file\.yaml:2:\d+:? data\.train: .*nope\.csv/],
  ];
  for (const [what, text, message] of badConfigs) {
    it(`exits 2 with the file, line and field for a config with a ${what}`, () => {
      const file = write(`${what.replace(/ /g, '-').toLowerCase()}.yaml`, text);
      for (const args of [['validate', file], ['run', file, '--out', 'bad-out']]) {
        const { status, stderr } = optlab(...args);
        expect(status).toBe(2);
        expect(stderr).toMatch(message);
        expect(stderr).not.toMatch(STACK_TRACE);
      }
      expect(existsSync(join(root, 'bad-out'))).toBe(false);
    });
  }

  it('exits 2 naming the file and line of a malformed CSV, writing nothing', () => {
    write('train.csv', 'a,b,y\n1,2,3\n4,oops,6\n');
    write('test.csv', 'a,b,y\n1,2,3\n');
    const file = write('csv.yaml', 'name: csv\ndata: { kind: csv, train: train.csv, test: test.csv, target: y }\ntrain: { batch_size: full, steps: 5 }\noptimizers: [{ kind: sgd }]\n');
    // validate reads the data as run does: a config that validates does not then fail on its data.
    for (const args of [['validate', file], ['run', file, '--out', 'csv-out', '--backend', 'cpu']]) {
      const { status, stderr } = optlab(...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(/train\.csv:3\b.*\bb\b/);
      expect(stderr).not.toMatch(STACK_TRACE);
    }
    expect(existsSync(join(root, 'csv-out', 'csv'))).toBe(false);
  });

  it('exits 2 when metrics.ntk.points exceeds the rows of a CSV dataset, writing nothing', () => {
    write('small-train.csv', 'a,y\n1,2\n3,4\n');
    write('small-test.csv', 'a,y\n1,2\n');
    const file = write(
      'ntk-csv.yaml',
      'name: ntkcsv\ndata: { kind: csv, train: small-train.csv, test: small-test.csv, target: y }\nmodel: { kind: mlp, width: 4 }\ntrain: { batch_size: full, steps: 2 }\noptimizers: [{ kind: sgd }]\nmetrics: { ntk: { points: 32 } }\n',
    );
    for (const args of [['validate', file], ['run', file, '--out', 'ntk-out', '--backend', 'cpu']]) {
      const { status, stderr } = optlab(...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(/metrics\.ntk\.points: expected at most 2/);
      expect(stderr).not.toMatch(STACK_TRACE);
    }
    expect(existsSync(join(root, 'ntk-out', 'ntkcsv', 'runs'))).toBe(false);
  });

  it('exits 2 on a malformed --set and on an unknown option', () => {
    const file = write('usage.yaml', good);
    const bad = optlab('validate', file, '--set', 'train.steps');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--set');
    expect(bad.stderr).not.toMatch(STACK_TRACE);
    const unknown = optlab('run', file, '--bogus');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
  });

  it('lists every optimizer with its defaults', () => {
    const { status, stdout } = optlab('list', 'optimizers');
    expect(status).toBe(0);
    for (const kind of ['gd', 'sgd', 'momentum', 'nesterov', 'signsgd', 'rmsprop', 'adagrad', 'adam', 'adamw', 'lion', 'precond-gd']) {
      expect(stdout).toMatch(new RegExp(`^  ${kind} — `, 'm'));
    }
    expect(stdout).toMatch(/beta2: .*default 0\.999/);
  });
});

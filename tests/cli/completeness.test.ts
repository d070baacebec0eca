// Completeness proved, not assumed, through the real CLI: an edited run.json (no arm, no config, swept: null)
// or a curve.csv cut at a row boundary is named by `summary` and `plot` (one line each, the run left out, no
// TypeError) and `merge`, and retrained by `run` instead of being taken as complete.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-cli-completeness-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

writeFileSync(
  join(root, 'tiny.yaml'),
  `name: tiny
seeds: [0, 1, 2]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear }
train: { steps: 20, batch_size: 8, eval_every: 5 }
optimizers: [{ kind: sgd, lr: 0.05 }]
`,
);
const RUN = ['run', 'tiny.yaml', '--out', 'results', '--backend', 'cpu', '--jobs', '1', '--quiet'];
const dir = join(root, 'results', 'tiny');
let edited: string;
let cut: string;
let whole: string;

beforeAll(() => {
  expect(runOptlab(root, ...RUN).status).toBe(0);
  [edited, cut, whole] = readdirSync(join(dir, 'runs')).sort();
  // F5: valid JSON, but no arm, no config and swept null.
  const runJson = join(dir, 'runs', edited, 'run.json');
  const { arm: _arm, config: _config, ...json } = JSON.parse(readFileSync(runJson, 'utf8'));
  writeFileSync(runJson, JSON.stringify({ ...json, swept: null }, null, 2));
  // F6: curve.csv cut after its step-10 row (header + steps 0, 5, 10 of 0..20): every line whole.
  const curve = join(dir, 'runs', cut, 'curve.csv');
  writeFileSync(curve, `${readFileSync(curve, 'utf8').split('\n').slice(0, 4).join('\n')}\n`);
});

const editedLine = () =>
  `optlab: ${join('results', 'tiny', 'runs', edited, 'run.json')}: arm: missing (expected string); config: missing (expected object); ` +
  'swept: expected record, got null; left out as not complete (optlab run trains it again)';
const cutLine = () =>
  new RegExp(
    `^optlab: ${join('results', 'tiny', 'runs', cut)}: curve\\.csv does not match its run\\.json \\(3 data rows instead of 5, SHA-256 [0-9a-f]{12}… instead of [0-9a-f]{12}…\\): ` +
      'it was cut short or changed after the run was written; left out as not complete \\(optlab run trains it again\\)$',
  );

describe('summary and plot of a folder with an edited run.json and a cut curve.csv', () => {
  it('summary names both, one line each, and summarizes the whole run only', () => {
    const result = runOptlab(root, 'summary', 'results/tiny', '--format', 'csv');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(editedLine());
    expect(lines[1]).toMatch(cutLine());
    expect(result.status).toBe(0);
    // One group (sgd) of one seed, the whole run: its final train_loss is the last row of its own curve.csv.
    const [header, row] = result.stdout.trim().split('\n').map((line) => line.split(','));
    const cell = (column: string) => row[header.indexOf(column)];
    expect(cell('seeds')).toBe('1');
    const curve = readFileSync(join(dir, 'runs', whole, 'curve.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
    expect(curve.at(-1)![0]).toBe('20');
    expect(Number(cell('final_train_loss_mean'))).toBe(Number(curve.at(-1)![curve[0].indexOf('train_loss')]));
  });

  it('plot names both and draws from the whole run', () => {
    const result = runOptlab(root, 'plot', 'results/tiny', '--out', 'plots');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr.trim().split('\n')[0]).toBe(editedLine());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('wrote plots');
  });

  it('merge names both as not merged and exits 1 with the two runs missing', () => {
    const result = runOptlab(root, 'merge', 'results/tiny', '--out', 'merged/tiny');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(result.stderr).toContain('swept: expected record, got null; not merged (optlab run trains it again)');
    expect(result.stdout).toContain(`missing 2 runs`);
    expect(result.status).toBe(1);
  });
});

describe('optlab run over them', () => {
  it('retrains the edited and the cut run, skips the whole one, and leaves all three proven', () => {
    const result = runOptlab(root, ...RUN);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(1 already complete, skipped)');
    const summary = runOptlab(root, 'summary', 'results/tiny');
    expect(summary.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'runs', edited, 'run.json'), 'utf8')).arm).toBe('sgd');
    expect(readFileSync(join(dir, 'runs', cut, 'curve.csv'), 'utf8').trim().split('\n')).toHaveLength(6);
  });
});

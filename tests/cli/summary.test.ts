// `optlab summary` as users run it: a child process over experiment folders, its output and exit status.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { finishedRuns, referenceMean, referenceStd } from '../report/curveFiles.js';
import { FIXTURE_RUNS, freshRoot, writeExperiment, writeNonExperiment, writeProfileProblems } from '../report/fixtures.js';


let root: string;
let dir: string;

const optlab = (...args: string[]) => runOptlab(root, ...args);

beforeAll(async () => {
  root = await freshRoot();
  dir = await writeExperiment(root, 'fixture', FIXTURE_RUNS);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('optlab summary', () => {
  it('prints a table, best group first', () => {
    const { status, stdout } = optlab('summary', dir);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^#\s+arm\s+lr\s+n\s+diverged/);
    expect(lines.slice(2, 6).map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual(['1 adam 0.01', '2 sgd 0.1', '3 sgd 0.05', '4 sgd 0.2']);
  });

  it('writes CSV whose numbers are the means and sample stds of the curve.csv files', () => {
    const { status, stdout } = optlab('summary', dir, '--format', 'csv', '--target', '0.25');
    expect(status).toBe(0);
    const [header, ...lines] = stdout.trim().split('\n');
    const columns = header.split(',');
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
    const runs = finishedRuns(dir);
    for (const row of rows) {
      // Every group's lr is shown, adam's fixed one too: the runs of a group are those of its arm at that lr.
      const group = runs.filter((run) => run.arm === row.arm && run.lr === Number(row['optimizer.lr']));
      const finals = group.map((run) => run.rows[run.rows.length - 1].train_loss);
      expect(Number(row.final_train_loss_mean)).toBeCloseTo(referenceMean(finals), 14);
      expect(Number(row.final_train_loss_std)).toBeCloseTo(referenceStd(finals), 14);
      expect(Number(row.seeds)).toBe(group.length);
      expect(Number(row.diverged)).toBe(group.filter((run) => run.status === 'diverged').length);
    }
  });

  it('prints JSON and Markdown', () => {
    const json = optlab('summary', dir, '--format', 'json');
    expect(JSON.parse(json.stdout)[0].groups).toHaveLength(4);
    const md = optlab('summary', dir, '--format', 'md', '--sort', 'best_train_loss');
    expect(md.stdout.split('\n')[2]).toMatch(/^\| 1 \| adam \|/);
  });

  it('prints the performance profile across folders', async () => {
    const problems = await writeProfileProblems(root);
    const { status, stdout } = optlab('summary', ...problems, '--profile', '--target', '0.1');
    expect(status).toBe(0);
    expect(stdout.split('\n')[2]).toMatch(/^y\s+0\.889\s+3\/3/);
    expect(optlab('summary', ...problems, '--profile').stderr).toContain('--profile needs --target');
  });

  it('exits 2 with a clear message, and no stack trace, for a folder that is not an experiment', async () => {
    const other = await writeNonExperiment(root);
    for (const args of [[other], ['missing-folder'], [dir, '--target', 'abc'], [dir, '--format', 'xml'], [dir, '--sort', 'steps_to_target']]) {
      const { status, stderr } = optlab('summary', ...args);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).not.toMatch(STACK_TRACE);
    }
    expect(optlab('summary', other).stderr).toMatch(/not-an-experiment" is not an experiment folder/);
  });
});

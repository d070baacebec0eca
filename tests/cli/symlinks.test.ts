// No symbolic link followed out of --out, through the real CLI: a linked summary.csv, curves.csv, plan.json,
// run folder, runs/ or experiment folder makes `run` and `merge` exit 2 with one line naming the link, before
// anything trains, and nothing outside is written or deleted.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-cli-symlinks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

writeFileSync(
  join(root, 'tiny.yaml'),
  `name: tiny
seeds: [0, 1]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear }
train: { steps: 10, batch_size: 8, eval_every: 5 }
optimizers: [{ kind: sgd, lr: 0.05 }]
`,
);
const RUN = ['run', 'tiny.yaml', '--out', 'results', '--backend', 'cpu', '--jobs', '1', '--quiet'];
const dir = join(root, 'results', 'tiny');
const outside = join(root, 'outside');

/** Every file under `folder` with its contents, to show that nothing there changed. */
function snapshot(folder: string): Record<string, string> {
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8', withFileTypes: false });
  return Object.fromEntries(
    files.sort().map((name) => {
      try {
        return [name, readFileSync(join(folder, name), 'utf8')];
      } catch {
        return [name, '<folder>'];
      }
    }),
  );
}

/** Exit 2, one line naming the link, no stack trace, and the outside folder exactly as it was. */
function expectRefused(result: ReturnType<typeof runOptlab>, folder: string, link: string, before: Record<string, string>): void {
  expect(result.stderr).not.toMatch(STACK_TRACE);
  expect(result.stderr).toBe(
    `optlab: cannot write results to ${folder}: ${link} is a symbolic link, and optlab does not follow links inside an experiment folder ` +
      '(it would write or delete files outside it); replace the link with a real file or folder, or choose another folder with --out\n',
  );
  expect(result.status).toBe(2);
  expect(snapshot(outside)).toEqual(before);
}

beforeEach(() => {
  rmSync(join(root, 'results'), { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(outside);
  expect(runOptlab(root, ...RUN).status).toBe(0);
});

describe('optlab run into an experiment folder holding a symbolic link', () => {
  it.each(['summary.csv', 'curves.csv', 'plan.json'])('refuses a linked %s and leaves the file it points to alone', (name) => {
    writeFileSync(join(outside, name), 'someone else\'s file\n');
    rmSync(join(dir, name));
    symlinkSync(join(outside, name), join(dir, name));
    const before = snapshot(outside);
    expectRefused(runOptlab(root, ...RUN, '--force'), join('results', 'tiny'), join('results', 'tiny', name), before);
  });

  it('refuses a linked run folder and deletes nothing in the folder it points to', () => {
    const [runId] = readdirSync(join(dir, 'runs'));
    renameSync(join(dir, 'runs', runId), join(outside, runId));
    symlinkSync(join(outside, runId), join(dir, 'runs', runId));
    const before = snapshot(outside);
    expect(Object.keys(before)).toContain(join(runId, 'run.json'));
    expectRefused(runOptlab(root, ...RUN, '--force'), join('results', 'tiny'), join('results', 'tiny', 'runs', runId), before);
  });

  it('refuses a linked runs/ and a linked experiment folder', () => {
    renameSync(join(dir, 'runs'), join(outside, 'runs'));
    symlinkSync(join(outside, 'runs'), join(dir, 'runs'));
    const before = snapshot(outside);
    expectRefused(runOptlab(root, ...RUN), join('results', 'tiny'), join('results', 'tiny', 'runs'), before);
    rmSync(join(dir, 'runs'));
    renameSync(join(outside, 'runs'), join(dir, 'runs'));
    renameSync(dir, join(outside, 'tiny'));
    symlinkSync(join(outside, 'tiny'), dir);
    const beforeExp = snapshot(outside);
    expectRefused(runOptlab(root, ...RUN), join('results', 'tiny'), join('results', 'tiny'), beforeExp);
  });
});

describe('optlab merge into a folder holding a symbolic link', () => {
  it('refuses a linked curves.csv in --out and leaves the file it points to alone', () => {
    mkdirSync(join(root, 'results', 'merged'));
    writeFileSync(join(outside, 'curves.csv'), 'someone else\'s file\n');
    symlinkSync(join(outside, 'curves.csv'), join(root, 'results', 'merged', 'curves.csv'));
    const before = snapshot(outside);
    const result = runOptlab(root, 'merge', 'results/tiny', '--out', 'results/merged');
    expectRefused(result, join('results', 'merged'), join('results', 'merged', 'curves.csv'), before);
  });
});

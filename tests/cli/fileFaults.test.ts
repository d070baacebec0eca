// File faults as a user meets them: an output folder that cannot be written is refused before anything trains,
// exit 2, with one line naming the folder and what to do; a disk that fills up mid-sweep ends it with one line
// saying what failed, where and what to do (exit 1), the runs finished before kept and no temp file left (the
// full disk is simulated inside the CLI process by tests/output/diskFullPreload.cjs).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTLAB_BIN, runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-cli-file-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Root ignores permission bits: a read-only folder made with chmod blocks nobody then. */
const RUNNING_AS_ROOT = process.getuid?.() === 0;

const config = join(root, 'tiny.yaml');
writeFileSync(
  config,
  `name: tiny
seeds: [0, 1]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear }
train: { steps: 10, batch_size: 8, eval_every: 5 }
optimizers: [{ kind: sgd, lr: 0.05 }, { kind: adam, lr: 0.01 }, { kind: rmsprop, lr: 0.01 }]
`,
);

describe('optlab run on an output folder it cannot write', () => {
  it('exits 2 before training when --out lies under a regular file, naming the folder and what to do', () => {
    writeFileSync(join(root, 'occupied'), 'a file where the results folder should be');
    const { status, stdout, stderr } = runOptlab(root, 'run', config, '--out', 'occupied/results', '--backend', 'cpu', '--jobs', '1');
    expect(status).toBe(2);
    expect(stderr.trim()).toBe(
      `optlab: cannot write results to ${join('occupied', 'results', 'tiny')}: a part of the path is a file, not a folder (ENOTDIR); ` +
        'choose a writable folder with --out, or make this one writable',
    );
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(stdout).toBe('');
  });

  it.skipIf(RUNNING_AS_ROOT)('exits 2 before training when --out is read-only', () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      const { status, stdout, stderr } = runOptlab(root, 'run', config, '--out', 'locked', '--backend', 'cpu', '--jobs', '1');
      expect(status).toBe(2);
      expect(stderr.trim()).toBe(
        `optlab: cannot write results to ${join('locked', 'tiny')}: permission denied (EACCES); choose a writable folder with --out, or make this one writable`,
      );
      expect(stdout).toBe('');
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((entry) => statSync(join(dir, entry)).isFile());
}

describe('optlab run on a disk that fills up mid-sweep', () => {
  it('exits 1 with one line saying what failed, where and what to do; the runs finished before are kept, no temp file', () => {
    const result = spawnSync(process.execPath, ['--require', resolve('tests/output/diskFullPreload.cjs'), OPTLAB_BIN, 'run', config, '--out', 'full', '--backend', 'cpu', '--jobs', '1'], {
      cwd: root,
      encoding: 'utf8',
      // The third curve.csv is the first run of the second cohort (three cohorts of two, trained in plan order).
      env: { ...process.env, CI: 'true', OPTLAB_TEST_DISK_FULL_AT: '3' },
    });
    const outDir = join(root, 'full', 'tiny');
    const runs = readdirSync(join(outDir, 'runs'));
    // The second cohort writes its two folders at once, and both meet the full disk.
    const failed = runs.filter((id) => !existsSync(join(outDir, 'runs', id, 'run.json')));
    expect(failed).toHaveLength(2);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^optlab: could not write full/tiny/runs/(${failed.join('|')})/curve\\.csv: no space left on device \\(ENOSPC\\); ` +
          'free space and re-run: finished runs are kept \\(the summary could not be written either\\)$',
      ),
    );
    // The first cohort's two runs are complete; the third cohort never started.
    expect(runs).toHaveLength(4);
    expect(filesUnder(outDir).map((file) => basename(file)).sort()).toEqual([
      'curve.csv', 'curve.csv', 'directions.csv', 'directions.csv', 'plan.json', 'run.json', 'run.json',
    ]);
  });
});

// Results that cannot be written short, through the real CLI: a file system that writes short gets every byte
// written; a disk that fills up while curves.csv is written (a real 8 MB tmpfs when root can mount one, and a
// simulated one) ends `run`, `run --force` and `merge` with exit 1 and one line, the previous file whole; a
// process killed mid-write leaves a temp file that the next run removes; `merge --out <a file>` is refused.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTLAB_BIN, runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-cli-write-faults-'));

/** 24 runs (3 optimizers x 2 lrs x 4 seeds) of 150 steps logged at every step: 151 rows each, curves.csv ~540 KB. */
const SWEEP = `name: sweep24
seeds: [0, 1, 2, 3]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear }
train: { steps: 150, batch_size: 8, eval_every: 1 }
optimizers: [{ kind: sgd, lr: [0.01, 0.05] }, { kind: adam, lr: [0.01, 0.05] }, { kind: rmsprop, lr: [0.01, 0.05] }]
`;
const RUNS = 24;
const ROWS_PER_RUN = 151;
writeFileSync(join(root, 'sweep24.yaml'), SWEEP);

/** optlab with a preload (a simulated file system) put under every write. */
function runWithPreload(preload: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--require', resolve('tests/output', preload), OPTLAB_BIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const RUN_ARGS = ['--backend', 'cpu', '--jobs', '1', '--quiet'];

/** Names in an experiment folder that are neither results nor run folders: temp files left behind. */
function leftovers(dir: string): string[] {
  const expected = new Set(['curves.csv', 'plan.json', 'runs', 'summary.csv']);
  const top = readdirSync(dir).filter((name) => !expected.has(name));
  const inRuns = readdirSync(join(dir, 'runs')).flatMap((id) =>
    readdirSync(join(dir, 'runs', id)).filter((name) => !['curve.csv', 'directions.csv', 'run.json'].includes(name)),
  );
  return [...top, ...inRuns];
}

/** Checks that curves.csv holds every row of every run, each with as many cells as the header. */
function expectWholeCurves(file: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.trimEnd().split('\n');
  expect(lines).toHaveLength(1 + RUNS * ROWS_PER_RUN);
  const cells = lines[0].split(',').length;
  expect(lines.filter((line) => line.split(',').length !== cells)).toEqual([]);
}

/** `optlab summary` reads every run without calling one damaged. */
function expectSummaryClean(dir: string): void {
  const summary = runOptlab(root, 'summary', dir, '--format', 'csv');
  expect(summary.stderr).toBe('');
  expect(summary.status).toBe(0);
}

describe('a file system that writes short (every write takes at most 4096 bytes)', () => {
  const cap = { OPTLAB_TEST_WRITE_CAP: '4096' };

  it('run, run --force and merge write every byte of every file', () => {
    const first = runWithPreload('shortWritesPreload.cjs', cap, 'run', 'sweep24.yaml', '--out', 'short', ...RUN_ARGS);
    expect(first.stderr).not.toMatch(STACK_TRACE);
    expect(first.status).toBe(0);
    expectWholeCurves(join(root, 'short', 'sweep24', 'curves.csv'));
    expectSummaryClean('short/sweep24');

    const forced = runWithPreload('shortWritesPreload.cjs', cap, 'run', 'sweep24.yaml', '--out', 'short', '--force', ...RUN_ARGS);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(`${RUNS} complete`);
    expectWholeCurves(join(root, 'short', 'sweep24', 'curves.csv'));
    expectSummaryClean('short/sweep24');

    const merged = runWithPreload('shortWritesPreload.cjs', cap, 'merge', 'short/sweep24', '--out', 'short-merged/sweep24');
    expect(merged.status).toBe(0);
    expectWholeCurves(join(root, 'short-merged', 'sweep24', 'curves.csv'));
    // Every copied run folder reads back whole: its files' SHA-256 match what run.json vouches for.
    expectSummaryClean('short-merged/sweep24');
  });
});

describe('a disk that fills up while curves.csv is written (simulated: a short write, then ENOSPC)', () => {
  it('run exits 1 with one line, keeping the previous curves.csv whole and no temp file', () => {
    expect(runOptlab(root, 'run', 'sweep24.yaml', '--out', 'fills', ...RUN_ARGS).status).toBe(0);
    const dir = join(root, 'fills', 'sweep24');
    const before = readFileSync(join(dir, 'curves.csv'));
    const again = runWithPreload('shortWritesPreload.cjs', { OPTLAB_TEST_FILLS_AT: 'curves.csv' }, 'run', 'sweep24.yaml', '--out', 'fills', ...RUN_ARGS);
    expect(again.stderr).not.toMatch(STACK_TRACE);
    expect(again.stderr.trim().split('\n').at(-1)).toBe(
      'optlab: could not write fills/sweep24/curves.csv: no space left on device (ENOSPC); free space and re-run: finished runs are kept',
    );
    expect(again.status).toBe(1);
    expect(readFileSync(join(dir, 'curves.csv')).equals(before)).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});

/** Mounts an 8 MB tmpfs at `dir` when this process may (root); the reason it is not mounted otherwise. */
function mountTmpfs(dir: string): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux to mount a tmpfs';
  mkdirSync(dir, { recursive: true });
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { encoding: 'utf8' });
  return mount.status === 0 ? null : `mount -t tmpfs failed: ${mount.stderr.trim()}`;
}

const tmpfsDir = join(root, 'tmpfs');
const notMounted = mountTmpfs(tmpfsDir);

afterAll(() => {
  if (notMounted === null) spawnSync('umount', [tmpfsDir]);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(notMounted !== null)(`a real 8 MB tmpfs filled to ~300 KB free (${notMounted ?? 'mounted'})`, () => {
  const dir = join(tmpfsDir, 'sweep24');
  let before: Buffer;

  beforeAll(() => {
    expect(runOptlab(root, 'run', 'sweep24.yaml', '--out', 'tmpfs', ...RUN_ARGS).status).toBe(0);
    before = readFileSync(join(dir, 'curves.csv'));
    // curves.csv is bigger than what stays free, so a new one cannot fit beside the old one.
    expect(before.length).toBeGreaterThan(500_000);
    const { bavail, bsize } = statfsSync(tmpfsDir);
    writeFileSync(join(tmpfsDir, 'filler'), Buffer.alloc(bavail * bsize - 300 * 1024));
  });

  it.each([
    ['run', ['run', 'sweep24.yaml', '--out', 'tmpfs', ...RUN_ARGS], 'tmpfs/sweep24/curves.csv', 'finished runs are kept'],
    ['run --force', ['run', 'sweep24.yaml', '--out', 'tmpfs', '--force', ...RUN_ARGS], 'tmpfs/sweep24/curves.csv', 'finished runs are kept'],
    ['merge', ['merge', 'tmpfs/sweep24', '--out', 'tmpfs/sweep24'], `${dir}/curves.csv`, 'the folders merged are unchanged'],
  ])('%s exits 1 with one ENOSPC line saying what to do and leaves the previous curves.csv whole, no temp file', (_command, args, shown, kept) => {
    const result = runOptlab(root, ...args);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(`optlab: could not write ${shown}: no space left on device (ENOSPC); free space and re-run: ${kept}`);
    expect(result.status).toBe(1);
    expect(readFileSync(join(dir, 'curves.csv')).equals(before)).toBe(true);
    expect(leftovers(dir)).toEqual([]);
    expectSummaryClean('tmpfs/sweep24');
  });
});

describe('a process killed with SIGKILL while it writes curves.csv', () => {
  it('leaves a temp file that the next run removes', async () => {
    const tiny = join(root, 'tiny.yaml');
    writeFileSync(tiny, SWEEP.replace('name: sweep24', 'name: tiny').replace('seeds: [0, 1, 2, 3]', 'seeds: [0]').replace('steps: 150', 'steps: 10'));
    const child = spawn(process.execPath, ['--require', resolve('tests/output/hangPreload.cjs'), OPTLAB_BIN, 'run', tiny, '--out', 'killed', ...RUN_ARGS], {
      cwd: root,
      env: { ...process.env, CI: 'true', OPTLAB_TEST_HANG_AT: 'curves.csv' },
    });
    await new Promise<void>((resolveHang, reject) => {
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (stderr.includes('optlab-test: hanging')) resolveHang();
      });
      child.on('exit', () => reject(new Error(`optlab exited before it hung: ${stderr}`)));
    });
    const exited = new Promise((resolveExit) => child.on('exit', resolveExit));
    child.kill('SIGKILL');
    await exited;
    const dir = join(root, 'killed', 'tiny');
    // The killed process also leaves its lock, which the next run takes over (its pid is gone).
    expect(leftovers(dir)).toEqual([expect.stringMatching(/^curves\.csv\./), 'optlab.lock']);
    const again = runOptlab(root, 'run', tiny, '--out', 'killed', ...RUN_ARGS);
    expect(again.status).toBe(0);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('optlab merge --out <a regular file>', () => {
  it('exits 2 with one line naming the file, no stack trace', () => {
    expect(runOptlab(root, 'run', 'sweep24.yaml', '--out', 'for-merge', '--set', 'seeds=[0]', ...RUN_ARGS).status).toBe(0);
    writeFileSync(join(root, 'merged.txt'), 'a file\n');
    const result = runOptlab(root, 'merge', 'for-merge/sweep24', '--out', 'merged.txt');
    expect(result.stderr).toBe(
      'optlab: cannot write results to merged.txt: a part of the path is a file, not a folder (ENOTDIR); choose a writable folder with --out, or make this one writable\n',
    );
    expect(result.status).toBe(2);
    expect(readFileSync(join(root, 'merged.txt'), 'utf8')).toBe('a file\n');
  });
});

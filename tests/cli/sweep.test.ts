// Sweeps at scale as users run them, in real child processes: a Ctrl-C mid-sweep (to the whole process group,
// as a terminal sends it) then a re-run ends with the outputs of an uninterrupted run; shards picked by an
// array-job index then merged give the same runs and curves; plan --matrix; bad --jobs/--shard exit 2.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curvesOf } from '../helpers/curves.js';

const bin = resolve('bin/optlab.js');
const root = mkdtempSync(join(tmpdir(), 'optlab-cli-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The environment of a plain terminal: no array-job index, plain progress lines. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { JOB_COMPLETION_INDEX: _k8s, SLURM_ARRAY_TASK_ID: _slurm, SLURM_ARRAY_TASK_MIN: _min, ...env } = process.env;
  return { ...env, CI: 'true', ...extra };
}

function optlab(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: plainEnv(extraEnv) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, relative paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
}

// Four cohorts: one long (20,000 steps, ~6 s on cpu) and three short (40 steps), 2 seeds each. Costliest first, the
// long one starts at once in the parent while the worker, once started (~1 s), finishes short ones: the first
// finished run is printed while the long cohort is still training.
const config = `name: sweep
seeds: [0, 1]
data: { kind: linear-regression, n_train: 64, n_test: 32, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear, init: normal }
train: { batch_size: 8 }
optimizers: [{ kind: adam, lr: 0.01 }]
zip: { train.steps: [20000, 40, 40, 40], train.eval_every: [1000, 10, 20, 40] }
`;

beforeAll(() => {
  writeFileSync(join(root, 'sweep.yaml'), config);
  const reference = optlab(['run', 'sweep.yaml', '--out', 'reference', '--jobs', '1', '--backend', 'cpu']);
  expect(reference.status).toBe(0);
});

describe('optlab sweeps at scale', () => {
  it('stops cleanly on Ctrl-C mid-sweep (exit 1, summary written), and a re-run ends with the uninterrupted outputs', async () => {
    // detached: the child leads its own process group, so the signal reaches it and its workers, as a terminal's would.
    const child = spawn(process.execPath, [bin, 'run', 'sweep.yaml', '--out', 'stopped', '--jobs', '2', '--backend', 'cpu'], {
      cwd: root,
      env: plainEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let signalled = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!signalled && /^\[1\/8\] /m.test(stdout)) {
        signalled = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    const status = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    expect(signalled).toBe(true);
    expect(status).toBe(1);
    const summaryLine = stdout.trim().split('\n').at(-1)!;
    expect(summaryLine).toMatch(/^sweep: 8 runs — \d complete, 0 diverged, 0 failed, [1-7] interrupted/);
    const stopped = join(root, 'stopped', 'sweep');
    const written = readdirSync(join(stopped, 'runs')).map((id) => JSON.parse(readFileSync(join(stopped, 'runs', id, 'run.json'), 'utf8')));
    // The long cohort was stopped in the middle: its runs are written, as interrupted.
    const long = written.filter((json) => json.config.train.steps === 20000);
    expect(long.map((json) => json.status)).toEqual(['interrupted', 'interrupted']);
    // Counted as they are: runs written as interrupted are the ones that had started; the rest never started.
    const [, complete, interrupted, notStarted] = /(\d) complete, .* (\d) interrupted(?:, (\d) not started)?/.exec(summaryLine)!.map(Number);
    expect(interrupted).toBe(written.filter((json) => json.status === 'interrupted').length);
    expect(complete + interrupted + (Number.isNaN(notStarted) ? 0 : notStarted)).toBe(8);
    expect(readFileSync(join(stopped, 'summary.csv'), 'utf8')).toContain('interrupted');
    // Nothing half-written: only finished files (an atomic write's temp file has a hash suffix).
    for (const file of filesUnder(stopped)) expect(file).toMatch(/\.(csv|json)$/);

    const resumed = optlab(['run', 'sweep.yaml', '--out', 'stopped', '--jobs', '2', '--backend', 'cpu']);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/8 complete, .*\([1-6] already complete, skipped\)/);
    expect(curvesOf(stopped)).toEqual(curvesOf(join(root, 'reference', 'sweep')));
    expect(readFileSync(join(stopped, 'summary.csv'), 'utf8')).not.toContain('interrupted');
  });

  it('runs the shard an array-job index names, and merges the shards into the one-run outputs', () => {
    const engines: Record<string, string>[] = [{ JOB_COMPLETION_INDEX: '0' }, { SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_MIN: '5' }, { JOB_COMPLETION_INDEX: '2' }];
    for (const [i, env] of engines.entries()) {
      const { status, stdout } = optlab(['run', 'sweep.yaml', '--out', `shard-${i + 1}`, '--shard', 'auto/3', '--backend', 'cpu'], env);
      expect(status).toBe(0);
      expect(stdout).toContain(`sweep (shard ${i + 1}/3):`);
    }
    const partial = optlab(['merge', 'shard-1/sweep', 'shard-2/sweep', '--out', 'partial/sweep']);
    expect(partial.status).toBe(1);
    expect(partial.stdout).toMatch(/missing \d runs/);
    const merged = optlab(['merge', 'shard-1/sweep', 'shard-2/sweep', 'shard-3/sweep', '--out', 'merged/sweep']);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toMatch(/^merged 3 folders into .*: 8 of 8 planned runs — 8 complete/);
    expect(curvesOf(join(root, 'merged', 'sweep'))).toEqual(curvesOf(join(root, 'reference', 'sweep')));
  });

  it('prints a GitHub Actions matrix of the shards', () => {
    const { status, stdout } = optlab(['plan', 'sweep.yaml', '--matrix', '3']);
    expect(status).toBe(0);
    const matrix = JSON.parse(stdout) as { include: { shard: string; runs: number }[] };
    expect(matrix.include.map((entry) => entry.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(matrix.include.reduce((sum, entry) => sum + entry.runs, 0)).toBe(8);
    expect(optlab(['plan', 'sweep.yaml', '--matrix', '257']).status).toBe(2);
  });

  it('exits 2 on a bad --jobs or --shard, naming what is expected, training nothing', () => {
    const cases: [string[], RegExp][] = [
      [['--jobs', '0'], /--jobs expects a whole number/],
      [['--shard', '4/3'], /shard number must be from 1 to 3/],
      [['--shard', 'auto/3'], /JOB_COMPLETION_INDEX .*SLURM_ARRAY_TASK_ID/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = optlab(['run', 'sweep.yaml', '--out', 'bad', ...args]);
      expect(status).toBe(2);
      expect(stderr).toMatch(message);
    }
    expect(() => statSync(join(root, 'bad'))).toThrow();
  });
});

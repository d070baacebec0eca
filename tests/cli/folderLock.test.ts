// Two processes, one experiment folder (issue 13, F2), through the real CLI: a second `optlab run` into a folder
// another is writing is refused at once (exit 2) naming the other's pid, host and command; Ctrl-C of the first
// releases the lock; a lock left by a dead process on this host is taken over, one of another host is not; a
// folder holding another plan is refused unless --add, which plan.json then records, and `merge X --out X` keeps
// the union (the probe saw it cut to the last plan's rows).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTLAB_BIN, runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-cli-folder-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 3 arms x 2 seeds = 6 runs of a few milliseconds each.
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
const run = (out: string, ...args: string[]) => runOptlab(root, 'run', config, '--out', out, '--backend', 'cpu', '--jobs', '1', '--quiet', ...args);
const lockPath = (out: string) => join(root, out, 'tiny', 'optlab.lock');
const planIds = (out: string) => (JSON.parse(readFileSync(join(root, out, 'tiny', 'plan.json'), 'utf8')) as { run_ids: string[] }).run_ids;
/** Data rows of summary.csv (its header aside). */
const summaryRows = (out: string) => readFileSync(join(root, out, 'tiny', 'summary.csv'), 'utf8').trim().split('\n').length - 1;

/** The pid of a process that has exited: spawned, waited for, gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], {});
  return child.pid!;
}

describe('two optlab processes writing one experiment folder', () => {
  it('refuses the second run at once, naming the first; the first ends cleanly on Ctrl-C and releases the lock', async () => {
    // Long enough to be running still when the second starts: 6 runs of 200,000 steps on cpu take minutes.
    const first = spawn(process.execPath, [OPTLAB_BIN, 'run', config, '--out', 'busy', '--backend', 'cpu', '--jobs', '1', '--quiet', '--set', 'train.steps=200000'], {
      cwd: root,
      env: { ...process.env, CI: 'true' },
    });
    const firstExit = new Promise<number | null>((done) => first.on('exit', (code) => done(code)));
    for (let waited = 0; !existsSync(lockPath('busy')); waited += 50) {
      if (waited > 30_000) throw new Error('the first run never took its lock');
      await new Promise((wake) => setTimeout(wake, 50));
    }
    const second = run('busy', '--set', 'train.steps=200000');
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`optlab: busy/tiny is being written by another optlab process: pid ${first.pid} on ${hostname()}`);
    expect(second.stderr).toContain('Wait for it to finish, or write to another folder with --out');
    expect(second.stderr).not.toMatch(STACK_TRACE);
    expect(second.stdout).toBe('');
    // The refused run left the first one's lock alone.
    expect(JSON.parse(readFileSync(lockPath('busy'), 'utf8')).pid).toBe(first.pid);
    first.kill('SIGINT');
    expect(await firstExit).toBe(1);
    expect(existsSync(lockPath('busy'))).toBe(false);
    // What the first wrote is whole: every run folder with a run.json has its curve.csv.
    for (const id of readdirSync(join(root, 'busy', 'tiny', 'runs'))) {
      const files = readdirSync(join(root, 'busy', 'tiny', 'runs', id));
      if (files.includes('run.json')) expect(files).toContain('curve.csv');
    }
  }, 120_000);

  it('takes over a lock left by a process of this host that is gone, and removes it when done', () => {
    mkdirSync(join(root, 'stale', 'tiny'), { recursive: true });
    const stale = { pid: deadPid(), host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'optlab run tiny.yaml' };
    writeFileSync(lockPath('stale'), JSON.stringify(stale));
    const { status, stdout } = run('stale');
    expect(status).toBe(0);
    expect(stdout).toContain('6 runs — 6 complete');
    expect(existsSync(lockPath('stale'))).toBe(false);
  });

  it('leaves a lock of another host alone and says which file to delete if that process is gone', () => {
    mkdirSync(join(root, 'remote', 'tiny'), { recursive: true });
    writeFileSync(lockPath('remote'), JSON.stringify({ pid: 4242, host: 'node-17.cluster', started: '2026-01-01T00:00:00.000Z', command: 'optlab run tiny.yaml' }));
    const { status, stderr } = run('remote');
    expect(status).toBe(2);
    expect(stderr).toContain('pid 4242 on node-17.cluster');
    expect(stderr).toContain(`if it is no longer running on node-17.cluster, delete ${join('remote', 'tiny', 'optlab.lock')}`);
    expect(existsSync(join(root, 'remote', 'tiny', 'runs'))).toBe(false);
  });

  it('refuses a merge into a folder a live process holds', () => {
    run('merging');
    writeFileSync(lockPath('merging'), JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: 'optlab run tiny.yaml' }));
    const { status, stderr } = runOptlab(root, 'merge', 'merging/tiny', '--out', 'merging/tiny');
    expect(status).toBe(2);
    expect(stderr).toContain(`pid ${process.pid} on ${hostname()}`);
    rmSync(lockPath('merging'));
    expect(runOptlab(root, 'merge', 'merging/tiny', '--out', 'merging/tiny').status).toBe(0);
  });
});

describe('shards of one plan in one shared folder', () => {
  it('run side by side, but not beside the same shard or a whole-plan run', () => {
    mkdirSync(join(root, 'shared', 'tiny'), { recursive: true });
    const shardLock = join(root, 'shared', 'tiny', 'optlab-shard-1-of-2.lock');
    writeFileSync(shardLock, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: 'optlab run tiny.yaml --shard 1/2' }));
    expect(run('shared', '--shard', '2/2').status).toBe(0);
    const same = run('shared', '--shard', '1/2');
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('(optlab run tiny.yaml --shard 1/2)');
    const whole = run('shared');
    expect(whole.status).toBe(2);
    expect(whole.stderr).toContain(`pid ${process.pid}`);
    // The refused whole-plan run took its own lock first and gave it back.
    expect(existsSync(lockPath('shared'))).toBe(false);
    expect(readdirSync(join(root, 'shared', 'tiny')).filter((name) => name.endsWith('.lock'))).toEqual(['optlab-shard-1-of-2.lock']);
  });
});

describe('one experiment folder, one plan', () => {
  it('refuses another plan of the same name unless --add, which records the union; merge X --out X keeps it', () => {
    expect(run('plans').status).toBe(0);
    const firstIds = planIds('plans');
    const refused = run('plans', '--set', 'train.steps=12');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('optlab: plans/tiny holds another plan of experiment "tiny" (6 of its 6 runs are not in this one: a changed config, --set or data file?)');
    expect(refused.stderr).toContain('pass --add to keep both');
    expect(planIds('plans')).toEqual(firstIds);
    expect(readdirSync(join(root, 'plans', 'tiny', 'runs'))).toHaveLength(6);

    const added = run('plans', '--set', 'train.steps=12', '--add');
    expect(added.status).toBe(0);
    const union = planIds('plans');
    expect(union).toHaveLength(12);
    expect(union.slice(0, 6)).toEqual(firstIds);
    expect(summaryRows('plans')).toBe(12);
    expect(runOptlab(root, 'merge', 'plans/tiny', '--out', 'plans/tiny').status).toBe(0);
    expect(summaryRows('plans')).toBe(12);
    // A plan whose runs the folder declares runs again without --add, and skips them all.
    const again = run('plans', '--set', 'train.steps=12');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('(6 already complete, skipped)');
    expect(planIds('plans')).toEqual(union);
  });

  it('lets a plan grow (one more seed) in its folder without --add', () => {
    expect(run('grow').status).toBe(0);
    const grown = run('grow', '--set', 'seeds=0,1,2');
    expect(grown.status).toBe(0);
    expect(grown.stdout).toContain('9 runs — 9 complete');
    expect(grown.stdout).toContain('(6 already complete, skipped)');
    expect(planIds('grow')).toHaveLength(9);
  });
});

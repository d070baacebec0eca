// A worker process of `optlab run --jobs 2` killed while it starts (before its TensorFlow.js backend runs), in a
// real child process: like a worker killed while it trains, it fails the cohort it was to take (written as
// failed, with the reason), the sweep goes on, the summary is written, exit 1 with no stack trace; a re-run
// trains that cohort again and nothing else.
import { readFileSync, readdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../helpers/backends.js';
import { groupAlive, runOptlab, startOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-worker-startup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Four one-run cohorts, costliest first: 40,000 steps at lr 1000, which diverges at step 1 (its loss grows ~1e6
// fold), so this process prints it within seconds; then 10,000 steps (~3 s), which keeps this process busy while
// the two short ones wait in the queue. The worker is frozen as soon as it is forked and killed once the first run
// is printed: by then the pool has taken it (it does before this process trains) and it has not started.
const config = `name: startup
data: { kind: linear-regression, n_train: 64, n_test: 32, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear, init: normal }
train: { batch_size: 8, eval_every: 1000 }
optimizers: [{ kind: sgd, lr: 0.01 }]
zip:
  train.steps: [40000, 10000, 40, 30]
  optimizers[0].lr: [1000, 0.01, 0.01, 0.01]
`;
writeFileSync(join(root, 'startup.yaml'), config);

/** The worker `pid` has forked (Linux), once it runs the worker's code: stopped between fork and exec, it would
 * stop its parent too, which waits in the fork for the exec. */
function workerOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('worker.js'));
  } catch {
    return undefined;
  }
}

/** Waits (polling every 5 ms) until `condition` holds, or fails the test after `ms`. */
async function waitFor<T>(what: string, ms: number, condition: () => T | undefined): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = condition();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(TEST_BACKENDS)('a worker killed while it starts [%s]', (backend) => {
  it('fails the cohort it was to take; the sweep goes on and a re-run trains that cohort again', async () => {
    const out = `out-${backend}`;
    const run = startOptlab(root, 'run', 'startup.yaml', '--out', out, '--jobs', '2', '--backend', backend);
    const pid = run.child.pid!;
    try {
      const worker = await waitFor('the worker process', 20_000, () => workerOf(pid));
      process.kill(worker, 'SIGSTOP');
      await waitFor('the first finished run', 30_000, () => /^\[1\/4\] /m.test(run.stdout()));
      process.kill(worker, 'SIGKILL');
      const { status } = await run.exited;

      expect(run.stderr()).not.toMatch(STACK_TRACE);
      expect(status).toBe(1);
      expect(run.stdout().trim().split('\n').at(-1)).toMatch(/^startup: 4 runs — 2 complete, 1 diverged, 1 failed, 0 interrupted/);
      const dir = join(root, out, 'startup');
      const records = readdirSync(join(dir, 'runs')).map((id) => JSON.parse(readFileSync(join(dir, 'runs', id, 'run.json'), 'utf8')));
      const failed = records.filter((r) => r.status === 'failed');
      // The queue's head when the worker died: the 40-step cohort (the 30-step one costs less).
      expect(failed.map((r) => r.config.train.steps)).toEqual([40]);
      expect(failed[0].error).toBe('the worker process that was to train this cohort exited (signal SIGKILL) before its TensorFlow.js backend started');
      expect(readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 4);
    } finally {
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    }

    const rerun = runOptlab(root, 'run', 'startup.yaml', '--out', out, '--jobs', '2', '--backend', backend);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toMatch(/^startup: 4 runs — 3 complete, 1 diverged, 0 failed, 0 interrupted \(3 already complete, skipped\)/m);
  });
});

// The worker pool with real worker processes: it takes the workers a caller forked ahead before forking its own,
// and a worker that is gone before its backend starts (killed, or never started) fails the cohort it was to
// take, with the reason, while the other cohorts train. The workers run dist/'s build (npm test compiles first).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { CohortJob } from '../../src/experiment/cohortJob.js';
import { trainInWorkers } from '../../src/experiment/workerPool.js';
import { forkWorker, prestartWorkers, type PrestartedWorkers, type WorkerProcess } from '../../src/experiment/workerProcess.js';
import type { RunRecord } from '../../src/output/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { plannedRun } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-pool-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One-run cohorts in the order given: the first (2,000 steps, a second or more) keeps this process busy while the others wait. */
function jobsOf(steps: number[]): CohortJob[] {
  return steps.map((n, i) => {
    const run = plannedRun(`run${i}`.padEnd(10, '0'), { train: { steps: n, batch_size: 8, loss: 'mse', eval_every: n, schedule: { kind: 'constant' } } });
    return { id: `c${i}/0`, cohort: { key: `c${i}`, runs: [run] }, cost: n };
  });
}

/** Trains the jobs on 2 processes (this one and a worker), `prestarted` offering the worker; the records by run id. */
async function trainOnTwo(backend: string, jobs: CohortJob[], prestarted: PrestartedWorkers, outName: string): Promise<Map<string, RunRecord>> {
  const records = new Map<string, RunRecord>();
  await trainInWorkers(jobs, {
    workers: 2,
    setup: { backend: backend as 'cpu' | 'wasm', outDir: join(root, outName), versions: { optlab: 'test' }, provenance: { shard: null, host: 'test', git_commit: null } },
    backend,
    prestarted,
    onJobFinished: (_job, done) => done.forEach((record) => records.set(record.run_id, record)),
  });
  return records;
}

/** Offers `worker` once, whatever its state, and counts what was taken. */
function offering(worker: WorkerProcess): PrestartedWorkers & { taken: WorkerProcess[] } {
  const taken: WorkerProcess[] = [];
  return {
    taken,
    take: () => {
      const next = taken.length === 0 ? worker : undefined;
      if (next !== undefined) taken.push(next);
      return next;
    },
    release: () => {},
  };
}

describeEachBackend('trainInWorkers', (backend) => {
  it('takes the worker a caller forked ahead, and it exits once the work is done', async () => {
    const ahead = prestartWorkers(1, backend);
    const worker = ahead.take(backend)!;
    const offer = offering(worker);
    const records = await trainOnTwo(backend, jobsOf([2000, 40, 40]), offer, `ahead-${backend}`);
    ahead.release();
    expect(offer.taken).toEqual([worker]);
    expect([...records.values()].map((r) => r.status)).toEqual(['complete', 'complete', 'complete']);
    // trainInWorkers resolves once every worker has exited: this one was told to stop, and did.
    expect(worker.process.exitCode).toBe(0);
  });

  it('fails the cohort that a worker killed before its backend started was to take; the others train', async () => {
    const worker = forkWorker(backend);
    worker.process.kill('SIGKILL');
    const records = await trainOnTwo(backend, jobsOf([2000, 40, 30]), offering(worker), `killed-${backend}`);
    // This process took the first job at once; the dead worker's turn came with the second in the queue's head.
    expect([...records.keys()].sort()).toEqual(['run0000000', 'run1000000', 'run2000000']);
    expect(records.get('run0000000')!.status).toBe('complete');
    expect(records.get('run1000000')).toMatchObject({
      status: 'failed',
      error: 'the worker process that was to train this cohort exited (signal SIGKILL) before its TensorFlow.js backend started',
    });
    expect(records.get('run2000000')!.status).toBe('complete');
  });

  it('fails the cohort that a worker that could not be started was to take; the others train', async () => {
    const missing = join(root, 'no-such-node');
    const child = spawn(missing, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const worker: WorkerProcess = { process: child, backend, ready: new Promise(() => {}) };
    const records = await trainOnTwo(backend, jobsOf([2000, 40, 30]), offering(worker), `unstarted-${backend}`);
    expect(records.get('run1000000')).toMatchObject({
      status: 'failed',
      error: `the worker process that was to train this cohort exited (could not start: spawn ${missing} ENOENT) before its TensorFlow.js backend started`,
    });
    expect([records.get('run0000000')!.status, records.get('run2000000')!.status]).toEqual(['complete', 'complete']);
  });
});

// Trains cohort jobs on worker processes (`optlab run --jobs N`), each with its own TensorFlow.js backend:
// an idle worker takes the next job in the given order, so the costliest cohorts, started first, do not
// finish last. Aborting stops every worker's cohort (its runs are written as interrupted) and starts no more.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '../output/types.js';
import type { CohortJob } from './cohortJob.js';
import { writeFailedRecords } from './failedRecords.js';
import type { ParentMessage, WorkerMessage, WorkerSetup } from './workerMessages.js';

export interface WorkerPoolOptions {
  /** Worker processes to start (at most one per job). */
  workers: number;
  setup: WorkerSetup;
  /** The backend the parent started, recorded for runs whose worker died. */
  backend: string;
  signal?: AbortSignal;
  onJobStarted?(job: CohortJob): void;
  onJobStep?(job: CohortJob, step: number): void;
  /** The job is over (finished, interrupted or failed) and its run folders are written. */
  onJobFinished(job: CohortJob, records: RunRecord[]): void;
}

/** A worker process as the parent sees it. */
interface Worker {
  process: ChildProcess;
  /** Its backend is running: it can take a job. */
  ready: boolean;
  job: CohortJob | null;
  /** When the job started (performance.now()). */
  jobStart: number;
}

/**
 * The compiled worker entry. From dist/ (the CLI) it sits beside this module; when this module runs as
 * TypeScript source (tests), the entry is dist/'s build of it (`npm test` compiles first).
 */
function workerEntry(): string {
  const compiled = import.meta.url.endsWith('.ts') ? '../../dist/experiment/worker.js' : './worker.js';
  return fileURLToPath(new URL(compiled, import.meta.url));
}

/** Trains every job (in the order given, as workers free up); resolves once every worker has exited. */
export function trainInWorkers(jobs: CohortJob[], options: WorkerPoolOptions): Promise<void> {
  const queue = [...jobs];
  const signal = options.signal;
  let running = 0;
  let settled = false;

  return new Promise<void>((resolve, reject) => {
    const finishIfDone = () => {
      if (running === 0 && !settled) {
        settled = true;
        signal?.removeEventListener('abort', stopAll);
        resolve();
      }
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stopAll);
      for (const worker of workers) worker.process.kill('SIGKILL');
      reject(error);
    };

    const workers = new Set<Worker>();
    const send = (worker: Worker, message: ParentMessage) => {
      // A worker that has just exited needs no message: the callback receives the send error, which would
      // otherwise be an 'error' event on the child.
      if (worker.process.connected) worker.process.send(message, () => {});
    };

    /** Hands the next job to an idle worker, or tells it to exit when there is none (or the sweep is stopping). */
    const dispatch = (worker: Worker) => {
      const job = signal?.aborted ? undefined : queue.shift();
      if (job === undefined) {
        send(worker, { type: 'stop' });
        return;
      }
      worker.job = job;
      worker.jobStart = performance.now();
      options.onJobStarted?.(job);
      send(worker, { type: 'train', job });
    };

    const start = () => {
      const entry = workerEntry();
      const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const worker: Worker = { process: child, ready: false, job: null, jobStart: 0 };
      workers.add(worker);
      running++;
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          worker.ready = true;
          dispatch(worker);
        } else if (message.type === 'step' && worker.job !== null) {
          options.onJobStep?.(worker.job, message.step);
        } else if (message.type === 'finished' && worker.job !== null) {
          const job = worker.job;
          worker.job = null;
          options.onJobFinished(job, message.records);
          if (!message.stopping) dispatch(worker);
        }
      });
      child.on('error', fail);
      child.on('exit', (code, exitSignal) => {
        workers.delete(worker);
        running--;
        if (settled) return;
        const how = exitSignal === null ? `code ${code}` : `signal ${exitSignal}`;
        // A worker that a Ctrl-C caught while it was starting had nothing to write.
        if (!worker.ready && !signal?.aborted) {
          fail(new Error(`the worker process ${entry} exited (${how}) before its TensorFlow.js backend started`));
          return;
        }
        const job = worker.job;
        if (job === null) {
          // It left idle (signalled on its own): a fresh worker takes its share of the remaining work.
          if (queue.length > 0 && !signal?.aborted) start();
          finishIfDone();
          return;
        }
        // It died training (killed, out of memory): its runs fail, the rest of the sweep goes on.
        running++;
        writeFailedRecords(job.cohort, `the worker process training this cohort exited (${how})`, performance.now() - worker.jobStart, {
          ...options.setup,
          backend: options.backend,
        }).then((records) => {
          options.onJobFinished(job, records);
          running--;
          if (queue.length > 0 && !signal?.aborted) start();
          finishIfDone();
        }, fail);
      });
      send(worker, { type: 'setup', setup: options.setup });
    };

    /** Every worker stops its cohort (written as interrupted) and exits; idle ones exit at once. */
    function stopAll(): void {
      for (const worker of workers) send(worker, { type: 'stop' });
    }
    signal?.addEventListener('abort', stopAll);

    const count = signal?.aborted ? 0 : Math.min(options.workers, queue.length);
    for (let i = 0; i < count; i++) start();
    finishIfDone();
  });
}

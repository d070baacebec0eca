// Trains cohort jobs on N processes (`optlab run --jobs N`): this one and N - 1 forked workers, each with its own
// TensorFlow.js backend. An idle process takes the next job in the given order, so the costliest cohorts, started
// first, do not finish last. This process trains too rather than idling while the workers do: it saves a
// worker's start-up (~0.5-1 s of TensorFlow.js and wasm loading), and its own training starts at once, while
// the workers load. Aborting stops every cohort (its runs are written as interrupted) and starts no more.
import type { ChildProcess } from 'node:child_process';
import { loadDataset } from '../data/load.js';
import type { Dataset } from '../data/types.js';
import type { RunRecord } from '../output/types.js';
import { trainCohortJob, type CohortJob } from './cohortJob.js';
import { writeFailedRecords } from './failedRecords.js';
import { datasetKey } from './loadRunData.js';
import type { ParentMessage, WorkerMessage, WorkerSetup } from './workerMessages.js';
import { forkWorker, takePrestartedWorker, workerEntry } from './workerProcess.js';

export interface WorkerPoolOptions {
  /** Processes that train, this one included: `workers - 1` are forked (at most one per job beyond the first). */
  workers: number;
  setup: WorkerSetup;
  /** The backend this process started: it trains its jobs there, and it is recorded for runs whose worker died. */
  backend: string;
  /** Datasets this process has already loaded, by datasetKey; any other is loaded when a job here needs it. */
  datasets?: ReadonlyMap<string, Dataset>;
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

/** Trains every job (in the order given, as processes free up); resolves once this process is done and every worker has exited. */
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

    /** Takes a worker the CLI forked early (see workerProcess.ts), or forks one. */
    const start = () => {
      const entry = workerEntry();
      const started = takePrestartedWorker(options.setup.backend) ?? forkWorker(options.setup.backend);
      const child = started.process;
      const worker: Worker = { process: child, ready: false, job: null, jobStart: 0 };
      workers.add(worker);
      running++;
      void started.ready.then(() => {
        if (settled) return;
        worker.ready = true;
        dispatch(worker);
      });
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'step' && worker.job !== null) {
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

    /** This process's share: the next job whenever its last is done, on its own backend, until none is left. */
    const trainHere = async () => {
      const loaded = new Map<string, Promise<Dataset>>();
      for (const [key, data] of options.datasets ?? []) loaded.set(key, Promise.resolve(data));
      running++;
      try {
        while (!signal?.aborted && !settled) {
          const current = queue.shift();
          if (current === undefined) break;
          const key = datasetKey(current.cohort.runs[0]);
          if (!loaded.has(key)) loaded.set(key, loadDataset(current.cohort.runs[0].config.data));
          options.onJobStarted?.(current);
          const records = await trainCohortJob(current, () => loaded.get(key)!, {
            ...options.setup,
            backend: options.backend,
            signal,
            onStep: (step) => options.onJobStep?.(current, step),
          });
          options.onJobFinished(current, records);
        }
      } catch (error) {
        fail(error as Error);
      }
      running--;
      finishIfDone();
    };

    const forks = signal?.aborted ? 0 : Math.min(options.workers - 1, queue.length - 1);
    for (let i = 0; i < forks; i++) start();
    void trainHere();
  });
}

// Trains cohort jobs on N processes (`optlab run --jobs N`): this one and N - 1 forked workers, each with its own
// TensorFlow.js backend. An idle process takes the next job in the given order, so the costliest cohorts, started
// first, do not finish last. This process trains too rather than idling while the workers do: it saves a
// worker's start-up (~0.5-1 s of TensorFlow.js and wasm loading), and its own training starts at once, while
// the workers load. A worker that dies, while it starts or while it trains, fails the cohort it held or was to
// take next (its runs are written as failed, so a re-run trains them again) and the sweep goes on. Aborting
// stops every cohort (its runs are written as interrupted) and starts no more.
import type { Dataset } from '../data/types.js';
import type { RunRecord } from '../output/types.js';
import { jobTrainer, type CohortJob } from './cohortJob.js';
import { writeFailedRecords } from './failedRecords.js';
import type { ParentMessage, WorkerMessage, WorkerSetup } from './workerMessages.js';
import { forkWorker, type PrestartedWorkers, type WorkerProcess } from './workerProcess.js';

export interface WorkerPoolOptions {
  /** Processes that train, this one included: `workers - 1` are forked (at most one per job beyond the first). */
  workers: number;
  setup: WorkerSetup;
  /** The backend this process started: it trains its jobs there, and it is recorded for runs whose worker died. */
  backend: string;
  /** Datasets this process has already loaded, by datasetKey; any other is loaded when a job here needs it. */
  datasets?: ReadonlyMap<string, Dataset>;
  /** Workers forked ahead (prestartWorkers), taken before any is forked here. */
  prestarted?: PrestartedWorkers;
  signal?: AbortSignal;
  onJobStarted?(job: CohortJob): void;
  onJobStep?(job: CohortJob, step: number): void;
  /** The job is over (finished, interrupted or failed) and its run folders are written. */
  onJobFinished(job: CohortJob, records: RunRecord[]): void;
}

/** A worker process as the parent sees it. */
interface Worker {
  started: WorkerProcess;
  /** Its backend is running: it can take a job. */
  ready: boolean;
  /** It has exited (or could not be started), and that has been handled. */
  gone: boolean;
  job: CohortJob | null;
  /** When the job started (performance.now()). */
  jobStart: number;
}

/** Trains every job (in the order given, as processes free up); resolves once this process is done and every worker has exited. */
export function trainInWorkers(jobs: CohortJob[], options: WorkerPoolOptions): Promise<void> {
  const queue = [...jobs];
  const signal = options.signal;
  const failureContext = { ...options.setup, backend: options.backend };
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
      for (const worker of workers) worker.started.process.kill('SIGKILL');
      reject(error);
    };

    const workers = new Set<Worker>();
    const send = (worker: Worker, message: ParentMessage) => {
      // A worker that has just exited needs no message: the callback receives the send error, which would
      // otherwise be an 'error' event on the child.
      const child = worker.started.process;
      if (child.connected) child.send(message, () => {});
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

    /** The worker has exited (`how`): its cohort fails, and a fresh worker takes its share of what is left. */
    const died = (worker: Worker, how: string) => {
      if (worker.gone) return;
      worker.gone = true;
      workers.delete(worker);
      running--;
      if (settled) return;
      let job = worker.job;
      let reason = `the worker process training this cohort exited (${how})`;
      // Dead while it started: the cohort it would have taken next fails in its place, so that a worker that
      // cannot start fails one cohort per attempt instead of being forked again and again. One that a Ctrl-C
      // caught while it was starting had nothing to write.
      if (!worker.ready && !signal?.aborted) {
        job = queue.shift() ?? null;
        reason = `the worker process that was to train this cohort exited (${how}) before its TensorFlow.js backend started`;
        if (job !== null) options.onJobStarted?.(job);
      }
      if (job === null) {
        if (queue.length > 0 && !signal?.aborted) start();
        finishIfDone();
        return;
      }
      // Killed, out of memory: its runs fail, the rest of the sweep goes on.
      running++;
      const wallTimeMs = worker.job === null ? 0 : performance.now() - worker.jobStart;
      writeFailedRecords(job.cohort, reason, wallTimeMs, failureContext).then((records) => {
        options.onJobFinished(job, records);
        running--;
        if (queue.length > 0 && !signal?.aborted) start();
        finishIfDone();
      }, fail);
    };

    /** Takes a worker forked ahead, or forks one. */
    const start = () => {
      const started = options.prestarted?.take(options.setup.backend) ?? forkWorker(options.setup.backend);
      const child = started.process;
      const worker: Worker = { started, ready: false, gone: false, job: null, jobStart: 0 };
      workers.add(worker);
      running++;
      void started.ready.then(() => {
        if (settled || worker.gone) return;
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
      // A process that could not be started emits 'error' and no 'exit'. Its other errors need nothing done:
      // every send carries its own callback, and a kill is only of a worker being dropped.
      child.on('error', (error) => {
        if (child.pid === undefined) died(worker, `could not start: ${error.message}`);
      });
      child.on('exit', (code, exitSignal) => died(worker, exitSignal === null ? `code ${code}` : `signal ${exitSignal}`));
      send(worker, { type: 'setup', setup: options.setup });
    };

    /** Every worker stops its cohort (written as interrupted) and exits; idle ones exit at once. */
    function stopAll(): void {
      for (const worker of workers) send(worker, { type: 'stop' });
    }
    signal?.addEventListener('abort', stopAll);

    /** This process's share: the next job whenever its last is done, on its own backend, until none is left. */
    const trainHere = async () => {
      const train = jobTrainer(failureContext, options.datasets);
      running++;
      try {
        while (!signal?.aborted && !settled) {
          const current = queue.shift();
          if (current === undefined) break;
          options.onJobStarted?.(current);
          const records = await train(current, { signal, onStep: (step) => options.onJobStep?.(current, step) });
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

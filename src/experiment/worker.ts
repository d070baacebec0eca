// The entry of a worker process of `optlab run --jobs N` (forked from dist/ by workerProcess.ts): starts the
// TensorFlow.js backend named by its first argument at once, then trains the cohorts its parent sends, one at a
// time, through a job trainer (datasets are deterministic, so every worker gets the parent's exact data). Its
// signals are caught before TensorFlow.js loads (a second or more), so that a Ctrl-C while it starts is handled
// like one while it trains, never the default exit that the parent would see as a worker killed.
import type { BackendChoice } from '../backend/choices.js';
import type { CohortJob, JobTrainer } from './cohortJob.js';
import type { ParentMessage, WorkerMessage, WorkerSetup } from './workerMessages.js';

/** Step messages are sent at most this often (ms): a progress bar needs no more, and IPC per step would slow fast cohorts. */
const STEP_MESSAGE_INTERVAL_MS = 100;

const controller = new AbortController();

// A terminal's Ctrl-C reaches the whole process group: the first stops the cohort in training (its runs are
// written as interrupted and reported; one that comes while this process starts leaves it to take its parent's
// stop once its backend runs), a second quits at once, as in the parent. Signals are counted apart from the
// parent's stop message, which may arrive before this process's own first signal.
let signals = 0;
function onSignal(): void {
  signals++;
  if (signals > 1) process.exit(130);
  controller.abort();
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// The parent is gone (killed, or quit on a second Ctrl-C): nobody is left to report to.
process.on('disconnect', () => process.exit(130));

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) resolve();
    else process.send!(message, undefined, {}, () => resolve());
  });
}

// Started before the parent has sent anything: the parent may still be loading TensorFlow.js itself. Loaded
// here, not imported above, so that the signal handlers are in place while TensorFlow.js loads.
const backend = import('../backend/backend.js')
  .then(({ useBackend }) => useBackend(process.argv[2] as BackendChoice))
  .then(async (name) => {
    await send({ type: 'ready', backend: name });
    return name;
  });
// A backend that cannot start here cannot start in the parent either, which says so as a usage error (or, if it
// did start there, fails the cohort this worker was to take, as it exited before its backend started).
backend.catch(() => process.exit(1));
const cohortJob = import('./cohortJob.js');

let setup: WorkerSetup | null = null;
// Created with the first cohort: it needs the setup and the backend's name.
let train: JobTrainer | null = null;

async function trainJob(job: CohortJob): Promise<void> {
  const { jobTrainer } = await cohortJob;
  train ??= jobTrainer({ ...setup!, backend: await backend });
  let lastSent = 0;
  const records = await train(job, {
    signal: controller.signal,
    onStep: (step) => {
      const now = performance.now();
      if (now - lastSent < STEP_MESSAGE_INTERVAL_MS && step < job.cohort.runs[0].config.train.steps) return;
      lastSent = now;
      void send({ type: 'step', jobId: job.id, step });
    },
  });
  await send({ type: 'finished', jobId: job.id, records, stopping: controller.signal.aborted });
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'setup':
      setup = message.setup;
      return;
    case 'train':
      await trainJob(message.job);
      if (controller.signal.aborted) process.exit(0);
      return;
    case 'stop':
      process.exit(0);
  }
}

// Messages are handled strictly in order; a cohort waits for the backend (trainJob awaits it).
let handled = Promise.resolve();
process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') controller.abort();
  handled = handled.then(() => handle(message));
});

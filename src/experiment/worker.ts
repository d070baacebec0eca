// The entry of a worker process of `optlab run --jobs N` (forked from dist/ by workerProcess.ts): starts the
// TensorFlow.js backend named by its first argument at once, then trains the cohorts its parent sends, one at a
// time, loading each dataset it needs from its config (datasets are deterministic, so every worker gets the
// parent's exact data).
import { useBackend, type BackendChoice } from '../backend/backend.js';
import { loadDataset } from '../data/load.js';
import type { Dataset } from '../data/types.js';
import { trainCohortJob, type CohortJob } from './cohortJob.js';
import { datasetKey } from './loadRunData.js';
import type { ParentMessage, WorkerMessage, WorkerSetup } from './workerMessages.js';

/** Step messages are sent at most this often (ms): a progress bar needs no more, and IPC per step would slow fast cohorts. */
const STEP_MESSAGE_INTERVAL_MS = 100;

const controller = new AbortController();
const datasets = new Map<string, Promise<Dataset>>();
let setup: WorkerSetup | null = null;
// Started before the parent has sent anything: the parent may still be loading TensorFlow.js itself.
const backend = useBackend(process.argv[2] as BackendChoice).then(async (name) => {
  await send({ type: 'ready', backend: name });
  return name;
});
// A backend that cannot start here cannot start in the parent either, which says so as a usage error (or, if it
// did start there, reports this worker as having exited before its backend started): nothing to print here.
backend.catch(() => process.exit(1));

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) resolve();
    else process.send!(message, undefined, {}, () => resolve());
  });
}

// A terminal's Ctrl-C reaches the whole process group: the first stops the cohort in training (its runs are
// written as interrupted and reported), a second quits at once, as in the parent. Signals are counted apart
// from the parent's stop message, which may arrive before this process's own first signal.
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

async function train(job: CohortJob): Promise<void> {
  const { config } = job.cohort.runs[0];
  const key = datasetKey(job.cohort.runs[0]);
  if (!datasets.has(key)) datasets.set(key, loadDataset(config.data));
  let lastSent = 0;
  const records = await trainCohortJob(job, () => datasets.get(key)!, {
    ...setup!,
    backend: await backend,
    signal: controller.signal,
    onStep: (step) => {
      const now = performance.now();
      if (now - lastSent < STEP_MESSAGE_INTERVAL_MS && step < config.train.steps) return;
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
      await train(message.job);
      if (controller.signal.aborted) process.exit(0);
      return;
    case 'stop':
      process.exit(0);
  }
}

// Messages are handled strictly in order; a cohort waits for the backend (train awaits it).
let handled = Promise.resolve();
process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') controller.abort();
  handled = handled.then(() => handle(message));
});

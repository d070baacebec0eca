// Forking a worker process of `optlab run --jobs N`, which starts its TensorFlow.js backend at once. Free of
// TensorFlow.js itself, so that the CLI can fork its workers before it loads TensorFlow.js: the workers' start-up
// (~0.7 s of CPU to load it and the wasm binary) then overlaps the parent's instead of following it.
import { fork, type ChildProcess } from 'node:child_process';
import type { BackendChoice } from '../backend/choices.js';
import { compiledEntry } from '../lib/compiledEntry.js';
import type { WorkerMessage } from './workerMessages.js';

/** A forked worker and whether its backend runs yet (its 'ready' message may come before anyone listens). */
export interface WorkerProcess {
  process: ChildProcess;
  backend: BackendChoice;
  /** Resolves when the worker's backend is running; never if the worker exits first. */
  ready: Promise<void>;
}

/** The compiled worker entry (src/experiment/worker.ts). */
export function workerEntry(): string {
  return compiledEntry(import.meta.url, 'experiment', 'worker.js');
}

/** Forks a worker that starts `backend` (its first argument) and reports 'ready'. */
export function forkWorker(backend: BackendChoice): WorkerProcess {
  const child = fork(workerEntry(), [backend], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve();
    });
  });
  return { process: child, backend, ready };
}

const prestarted: WorkerProcess[] = [];

/** Forks `count` workers now, for the next worker pool on `backend` to take (takePrestartedWorker). */
export function prestartWorkers(count: number, backend: BackendChoice): void {
  for (let i = 0; i < count; i++) prestarted.push(forkWorker(backend));
}

/** A worker forked by prestartWorkers on `backend` and still alive, or undefined. */
export function takePrestartedWorker(backend: BackendChoice): WorkerProcess | undefined {
  const index = prestarted.findIndex((w) => w.backend === backend && w.process.exitCode === null && w.process.signalCode === null);
  return index < 0 ? undefined : prestarted.splice(index, 1)[0];
}

/** Ends the prestarted workers nobody took (they hold no work): the sweep needed fewer, or it stopped. */
export function releasePrestartedWorkers(): void {
  for (const worker of prestarted.splice(0)) worker.process.kill('SIGKILL');
}

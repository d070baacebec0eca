// Forking a worker process of `optlab run --jobs N`, which starts its TensorFlow.js backend at once, now or ahead
// of the sweeps that will take it. Free of TensorFlow.js itself, so that the CLI can fork its workers before it
// loads TensorFlow.js: the workers' start-up (~0.7 s of CPU to load it and the wasm binary) then overlaps the
// parent's instead of following it.
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
  // A process that could not be started emits 'error' (and no 'exit'), which would crash this one with nobody
  // listening yet; its exitCode says it is gone, and the worker pool that takes it handles the error itself.
  child.on('error', () => {});
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve();
    });
  });
  return { process: child, backend, ready };
}

/** Workers forked ahead of the sweeps that will take them (prestartWorkers). */
export interface PrestartedWorkers {
  /** A worker forked on `backend` and still alive, or undefined: the caller then forks its own. */
  take(backend: BackendChoice): WorkerProcess | undefined;
  /** Ends the workers nobody took (they hold no work): the sweeps needed fewer, or they stopped. */
  release(): void;
}

/**
 * Forks `count` workers on `backend` now, for the worker pools of the sweeps that follow (runExperiment's
 * `prestarted` option) to take before they fork more: forked before this process loads TensorFlow.js (or reads
 * its data), their start-ups overlap its own. The caller releases them once its sweeps are over.
 */
export function prestartWorkers(count: number, backend: BackendChoice): PrestartedWorkers {
  const waiting: WorkerProcess[] = [];
  for (let i = 0; i < count; i++) waiting.push(forkWorker(backend));
  return {
    take(wanted) {
      const index = waiting.findIndex((w) => w.backend === wanted && w.process.exitCode === null && w.process.signalCode === null);
      return index < 0 ? undefined : waiting.splice(index, 1)[0];
    },
    release() {
      for (const worker of waiting.splice(0)) worker.process.kill('SIGKILL');
    },
  };
}

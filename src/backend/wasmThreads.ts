// Starting the wasm backend with more than one XNNPACK thread under Node. tfjs-wasm 4.22 ships a multi-threaded
// build (Emscripten pthreads on worker_threads) but never picks it under Node: its WASM_HAS_MULTITHREAD_SUPPORT
// flag answers false there (tensorflow/tfjs#3830), the build loads its thread script from a Blob URL, which a
// Node Worker cannot open, and it caps its pool at half the logical cores (assuming two hardware threads per
// core). This module clears those three obstacles for the duration of the start only; the kernels, and so every
// result, are the single-threaded build's: XNNPACK splits a product's output tiles between threads, never a sum
// (tests/backend/wasmThreads.test.ts checks a training run gives the same bits with 1 and 2 threads).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { compiledEntry } from '../lib/compiledEntry.js';

/** The compiled thread entry (src/backend/wasmPthread.ts). */
function threadEntry(): string {
  return compiledEntry(import.meta.url, 'backend', 'wasmPthread.js');
}

/**
 * Whether everything the threaded start needs is here: shared memory, the compiled thread entry and the build's
 * scripts. A thread that cannot load throws in the main thread, past any catch, so this is checked first.
 */
function threadsCanStart(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || !existsSync(threadEntry())) return false;
  try {
    const require = createRequire(import.meta.url);
    for (const file of ['tfjs-backend-wasm-threaded-simd.js', 'tfjs-backend-wasm-threaded-simd.worker.js']) {
      require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${file}`);
    }
    return true;
  } catch {
    return false;
  }
}

/** The parts of the multi-threaded Emscripten module used here. */
interface PthreadModule {
  PThread?: { unusedWorkers: { terminate(): unknown }[]; runningWorkers: { unref(): void }[] };
}

/**
 * Runs `start` (which starts the wasm backend for the first time in this process) with tfjs-wasm set up for
 * `threads` XNNPACK threads, and returns its answer; false without running it when the threads cannot start here.
 * Afterwards the threads do not keep the process alive, and the idle threads the build spawns in advance (8) are
 * ended.
 */
export async function withWasmThreads(threads: number, start: () => Promise<boolean>): Promise<boolean> {
  if (!threadsCanStart()) return false;
  const cpus = os.cpus;
  const createObjectURL = URL.createObjectURL;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  // tfjs-wasm uses min(threads, logical cores / 2) threads.
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? threadEntry() : createObjectURL(blob));
  try {
    return await start();
  } finally {
    os.cpus = cpus;
    URL.createObjectURL = createObjectURL;
    const module = (tf.findBackend('wasm') as unknown as { wasm?: PthreadModule } | null)?.wasm;
    if (module?.PThread !== undefined) {
      for (const worker of module.PThread.runningWorkers) worker.unref();
      for (const worker of module.PThread.unusedWorkers.splice(0)) worker.terminate();
    }
  }
}

/** Turns the multi-threaded build off again, after a start that failed with it. */
export function withoutWasmThreads(): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setThreadsCount(1);
}

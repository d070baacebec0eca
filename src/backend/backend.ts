// Chooses and starts the TensorFlow.js backend: native TensorFlow when @tensorflow/tfjs-node is
// installed and loads, else WebAssembly (XNNPACK, shipped inside its npm package), else pure-JS cpu.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { UsageError } from '../lib/errors.js';
import { withWasmThreads, withoutWasmThreads } from './wasmThreads.js';

import type { BackendChoice } from './choices.js';

export type { BackendChoice };

// Production mode skips tfjs's per-op debug checks and its "install tfjs-node" banner.
tf.enableProdMode();

/** Loads the optional native backend; false when it is not installed or cannot load here. */
async function loadNative(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-node' as string);
    return tf.findBackend('tensorflow') !== null || tf.engine().registryFactory['tensorflow'] !== undefined;
  } catch {
    return false;
  }
}

export interface BackendOptions {
  /**
   * XNNPACK threads of the wasm backend (default 1, the build tfjs itself picks under Node). Only the first start
   * of wasm in a process sets it; more than one pays when this process trains alone on several cores.
   */
  wasmThreads?: number;
}

/**
 * Activates a backend and returns its name ("tensorflow", "wasm" or "cpu").
 * `auto` tries tensorflow, then wasm, then cpu; a named backend that cannot start is a UsageError.
 */
export async function useBackend(choice: BackendChoice, options: BackendOptions = {}): Promise<string> {
  const wasmThreads = options.wasmThreads ?? 1;
  if (choice === 'auto') {
    if ((await loadNative()) && (await tf.setBackend('tensorflow'))) return 'tensorflow';
    if (await startWasm(wasmThreads)) return 'wasm';
    if (await trySet('cpu')) return 'cpu';
    throw new UsageError('no TensorFlow.js backend could start (tried tensorflow, wasm, cpu)');
  }
  if (choice === 'tensorflow' && !(await loadNative())) {
    throw new UsageError(
      '--backend tensorflow needs @tensorflow/tfjs-node, which is not installed or did not load here; ' +
        'install it (npm install @tensorflow/tfjs-node) or use --backend wasm',
    );
  }
  const started = choice === 'wasm' ? await startWasm(wasmThreads) : await trySet(choice);
  if (!started) throw new UsageError(`the ${choice} backend could not start on this machine; try --backend cpu`);
  return choice;
}

/** XNNPACK threads of the wasm backend in use (1 when another backend is active). */
export function wasmThreadsInUse(): number {
  return tf.getBackend() === 'wasm' ? getThreadsCount() : 1;
}

/** Whether the wasm backend has been started in this process (its thread count is then fixed). */
let wasmStarted = false;

/** Starts wasm, with `threads` XNNPACK threads if this is its first start, or with one if the threads fail to start. */
async function startWasm(threads: number): Promise<boolean> {
  if (wasmStarted || threads <= 1) return (wasmStarted = await trySet('wasm'));
  if (await withWasmThreads(threads, () => trySet('wasm'))) return (wasmStarted = true);
  withoutWasmThreads();
  return (wasmStarted = await trySet('wasm'));
}

async function trySet(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

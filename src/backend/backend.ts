// Chooses and starts the TensorFlow.js backend: native TensorFlow when @tensorflow/tfjs-node is
// installed and loads, else WebAssembly (XNNPACK, shipped inside its npm package), else pure-JS cpu.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { UsageError } from '../lib/errors.js';

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

/**
 * Activates a backend and returns its name ("tensorflow", "wasm" or "cpu").
 * `auto` tries tensorflow, then wasm, then cpu; a named backend that cannot start is a UsageError.
 */
export async function useBackend(choice: BackendChoice): Promise<string> {
  if (choice === 'auto') {
    if ((await loadNative()) && (await tf.setBackend('tensorflow'))) return 'tensorflow';
    if (await trySet('wasm')) return 'wasm';
    if (await trySet('cpu')) return 'cpu';
    throw new UsageError('no TensorFlow.js backend could start (tried tensorflow, wasm, cpu)');
  }
  if (choice === 'tensorflow' && !(await loadNative())) {
    throw new UsageError(
      '--backend tensorflow needs @tensorflow/tfjs-node, which is not installed or did not load here; ' +
        'install it (npm install @tensorflow/tfjs-node) or use --backend wasm',
    );
  }
  if (!(await trySet(choice))) throw new UsageError(`the ${choice} backend could not start on this machine; try --backend cpu`);
  return choice;
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

// How much tensor memory a TensorFlow.js backend can address in one process: what a single run must fit in.
import { totalmem } from 'node:os';

/**
 * The wasm backend's heap maximum: `getHeapMax()` returns 4294901760 (65535 pages of 64 KiB, the reach of
 * 32-bit pointers) in every build of @tensorflow/tfjs-backend-wasm 4.22 (wasm-out/tfjs-backend-wasm*.js).
 * Beyond it the allocator returns address 0 and tfjs writes the new tensor there, over others, without an
 * error (measured: of two 2.5 GiB tensors the second landed at offset 0 and overwrote the first). Hence
 * the refusal before training rather than a failure during it.
 */
export const WASM_HEAP_BYTES = 4294901760;

/**
 * Elements of the largest typed array V8 allocates under Node 20: `new Float32Array(2 ** 32)` works and
 * `new Float32Array(2 ** 32 + 1)` throws a RangeError. The cpu backend keeps every tensor in one, and every
 * backend reads results back into one.
 */
export const TYPED_ARRAY_MAX_ELEMENTS = 2 ** 32;

export interface MemoryLimit {
  bytes: number;
  /** Completes "more than ...": what bounds the memory, for error messages. */
  description: string;
}

/**
 * The bytes of tensors one process can hold on `backend`: wasm's heap; the machine's memory for cpu (typed
 * arrays in the JS heap's external memory) and native TensorFlow.
 */
export function memoryLimit(backend: string): MemoryLimit {
  if (backend === 'wasm') return { bytes: WASM_HEAP_BYTES, description: 'the wasm backend can address (4 GiB)' };
  const bytes = totalmem();
  return { bytes, description: `this machine's memory (${formatBytes(bytes)}) on the ${backend} backend` };
}

/** Bytes in MiB, GiB or TiB, the largest unit with at least 1 of it, to 3 significant digits. */
export function formatBytes(bytes: number): string {
  const [value, unit] = bytes >= 2 ** 40 ? [bytes / 2 ** 40, 'TiB'] : bytes >= 2 ** 30 ? [bytes / 2 ** 30, 'GiB'] : [bytes / 2 ** 20, 'MiB'];
  return `${Number(value.toPrecision(3))} ${unit}`;
}

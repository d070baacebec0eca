// The wasm backend with more than one XNNPACK thread (src/backend/wasmThreads.ts), in child processes, since a
// process picks its threads once: it runs two threads, it gives the single-threaded build's bits (XNNPACK splits
// a product's output between threads, never a sum), and its threads do not keep the process alive.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/trainWithThreads.mjs', import.meta.url));

interface Trained {
  threads: number;
  curves: Record<string, number>[][];
}

/** Runs the fixture with `threads` XNNPACK threads; it must exit by itself (the timeout would kill a hung one). */
function train(threads: number): Trained {
  const child = spawnSync(process.execPath, [fixture, String(threads)], { encoding: 'utf8', timeout: 60_000 });
  expect(child.stderr).toBe('');
  expect(child.signal).toBeNull();
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as Trained;
}

describe('wasm backend with XNNPACK threads', () => {
  it('trains with two threads to the same bits as with one, and exits by itself', () => {
    const one = train(1);
    const two = train(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    // 2 runs x (steps 0, 5, 10, 15, 20); the losses moved, so the products ran.
    expect(two.curves.map((curve) => curve.length)).toEqual([5, 5]);
    expect(two.curves[0][4].train_loss).toBeLessThan(two.curves[0][0].train_loss);
    expect(two.curves).toEqual(one.curves);
  }, 120_000);
});

// Checks the cohort's minibatch assembly against the runs' own orders: every row of run r's batch is the
// training row MinibatchOrder(seed_r) names (rows are tagged with their index, so a value says where it came
// from), for short rows (copied element by element) and long ones (copied with `set`), and each epoch of
// floor(n / B) batches visits distinct rows (drop_last).
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CohortMinibatches, MinibatchOrder, stepsPerEpoch } from '../../src/train/minibatches.js';
import { describeEachBackend } from '../helpers/backends.js';

const N = 23;
const B = 5;
const SEEDS = [3, 7, 3];

/** n rows of `width` values: row i column j holds i * 1000 + j. */
function taggedRows(n: number, width: number): Float32Array {
  return Float32Array.from({ length: n * width }, (_, e) => Math.floor(e / width) * 1000 + (e % width));
}

it('counts floor(n / B) updates per epoch, one for a full batch', () => {
  expect(stepsPerEpoch(23, 5)).toBe(4);
  expect(stepsPerEpoch(20, 5)).toBe(4);
  expect(stepsPerEpoch(23, 23)).toBe(1);
});

describeEachBackend('CohortMinibatches', () => {
  for (const [dim, outputs] of [[3, 1], [70, 2]]) {
    it(`hands run r the rows its own order names, run-major (${dim} inputs, ${outputs} outputs)`, () => {
      const batches = new CohortMinibatches(SEEDS, { x: taggedRows(N, dim), y: taggedRows(N, outputs), n: N, dim, outputs }, B);
      const orders = SEEDS.map((seed) => new MinibatchOrder(seed, N, B));
      const epochs = 2;
      const seen = SEEDS.map(() => [] as number[]);
      for (let s = 0; s < epochs * stepsPerEpoch(N, B); s++) {
        const { x, y } = batches.next();
        expect(x.shape).toEqual([SEEDS.length, B, dim]);
        expect(y.shape).toEqual([SEEDS.length, B, outputs]);
        const xs = x.arraySync();
        const ys = y.arraySync();
        tf.dispose([x, y]);
        SEEDS.forEach((_, r) => {
          const expected = new Int32Array(B);
          orders[r].next(expected, 0);
          for (let i = 0; i < B; i++) {
            expect(xs[r][i]).toEqual(Array.from({ length: dim }, (_, j) => expected[i] * 1000 + j));
            expect(ys[r][i]).toEqual(Array.from({ length: outputs }, (_, j) => expected[i] * 1000 + j));
          }
          seen[r].push(...expected);
        });
      }
      // Same seed, same order; each epoch's 4 x 5 rows are distinct rows of the 23.
      expect(seen[2]).toEqual(seen[0]);
      for (const rows of seen) {
        for (let e = 0; e < epochs; e++) {
          const epoch = rows.slice(e * 20, (e + 1) * 20);
          expect(new Set(epoch).size).toBe(20);
          expect(epoch.every((i) => i >= 0 && i < N)).toBe(true);
        }
      }
    });
  }
});

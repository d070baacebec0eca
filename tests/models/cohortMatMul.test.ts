// Checks every cohort product layout, forward and backward, against per-run float64 products written out
// here, and the layout choice against the cost rule it states.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { GradientsFor } from '../../src/lib/fastMatMul.js';
import { Rng } from '../../src/lib/rng.js';
import {
  chooseLayout,
  cohortInputGradient,
  cohortMatMul,
  cohortMatMulTransposed,
  cohortWeightGradient,
  gram,
  MIN_MULTIPLY_ADDS,
  type CohortLayout,
} from '../../src/models/cohortMatMul.js';
import { describeEachBackend } from '../helpers/backends.js';
import { scaledError } from '../helpers/errors.js';

// Rows, inner size and columns all differ, so no transposed operand can pass for an untransposed one.
const B = 5;
const N = 7;
const M = 4;

function draws(size: number, seed: number): Float64Array {
  return Float64Array.from(new Rng(seed, 'cohort-matmul-test').normals(size));
}

/** C = A B for one run in float64 (row-major A [rows, inner], B [inner, cols]; transposeB reads B stored [cols, inner]). */
function product(A: ArrayLike<number>, B: ArrayLike<number>, rows: number, inner: number, cols: number, transposeA = false, transposeB = false): number[] {
  const C: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let t = 0; t < inner; t++) sum += (transposeA ? A[t * rows + i] : A[i * inner + t]) * (transposeB ? B[j * inner + t] : B[t * cols + j]);
      C.push(sum);
    }
  }
  return C;
}

/** Run k's slice of a [K, ...] array of `size` entries per run. */
const slice = (values: ArrayLike<number>, k: number, size: number) => Array.from(values).slice(k * size, (k + 1) * size);

// See tests/lib/fastMatMul.test.ts for the 1e-6 bound.
const TOLERANCE = 1e-6;

describeEachBackend('cohortMatMul', () => {
  const layouts: CohortLayout[] = ['batched', 'per-run', 'columns'];
  const cases = layouts.flatMap((layout) =>
    [1, 3].flatMap((K) =>
      [true, false].flatMap((shared) =>
        (['both', 'left', 'right'] as GradientsFor[])
          // The columns layout is for inputs shared by the runs only (checked below).
          .filter(() => layout !== 'columns' || shared || K === 1)
          .map((gradientsFor) => ({ layout, K, shared, gradientsFor, inputs: shared ? 'shared' : 'per-run' })),
      ),
    ),
  );

  it.each(cases)('$layout, K = $K, $inputs inputs, gradients for $gradientsFor', ({ layout, K, shared, gradientsFor }) => {
    const hValues = draws((shared ? 1 : K) * B * N, 1);
    const wValues = draws(K * N * M, 2);
    // loss = sum(Y ⊙ R), so dY = R: dW_k = h_kᵀ R_k, dh_k = R_k W_kᵀ, and a shared h gets the sum over runs.
    const rValues = draws(K * B * M, 3);
    const h = tf.tensor(Float32Array.from(hValues), shared ? [B, N] : [K, B, N]);
    const W = tf.tensor3d(Float32Array.from(wValues), [K, N, M]);
    const R = tf.tensor3d(Float32Array.from(rValues), [K, B, M]);
    const hOf = (k: number) => slice(hValues, shared ? 0 : k, B * N);
    const runs = Array.from({ length: K }, (_, k) => k);

    const Y = tf.tidy(() => cohortMatMul(h, W, gradientsFor, layout));
    expect(Y.shape).toEqual([K, B, M]);
    const expectedY = runs.flatMap((k) => product(hOf(k), slice(wValues, k, N * M), B, N, M));
    expect(scaledError(Y.dataSync(), expectedY)).toBeLessThan(TOLERANCE);

    const expectedDW = runs.flatMap((k) => product(hOf(k), slice(rValues, k, B * M), N, B, M, true));
    const perRunDh = runs.map((k) => product(slice(rValues, k, B * M), slice(wValues, k, N * M), B, M, N, false, true));
    const expectedDh = shared ? perRunDh[0].map((_, i) => perRunDh.reduce((sum, dh) => sum + dh[i], 0)) : perRunDh.flat();
    const differentiated = { both: [h, W], left: [h], right: [W] }[gradientsFor];
    const grads = tf.grads((...ps: tf.Tensor[]) => {
      const left = gradientsFor === 'right' ? h : ps[0];
      const right = gradientsFor === 'left' ? W : ps.at(-1)!;
      return tf.sum(tf.mul(cohortMatMul(left, right as tf.Tensor3D, gradientsFor, layout), R));
    })(differentiated);
    grads.forEach((g, i) => {
      const isW = differentiated[i] === W;
      expect(g.shape).toEqual(differentiated[i].shape);
      expect(scaledError(g.dataSync(), isW ? expectedDW : expectedDh), isW ? 'dW' : 'dh').toBeLessThan(TOLERANCE);
    });
    tf.dispose([h, W, R, Y, ...grads]);
  });

  const backwardCases = layouts.flatMap((layout) =>
    [1, 3].flatMap((K) =>
      [true, false]
        .filter((shared) => layout !== 'columns' || shared || K === 1)
        .map((shared) => ({ layout, K, shared, inputs: shared ? 'shared' : 'per-run' })),
    ),
  );

  it.each(backwardCases)('hand-written backward products, $layout, K = $K, $inputs inputs', ({ layout, K, shared }) => {
    const hValues = draws((shared ? 1 : K) * B * N, 6);
    const gValues = draws(K * B * M, 7);
    const wValues = draws(K * N * M, 8);
    const h = tf.tensor(Float32Array.from(hValues), shared ? [B, N] : [K, B, N]);
    const g = tf.tensor3d(Float32Array.from(gValues), [K, B, M]);
    const W = tf.tensor3d(Float32Array.from(wValues), [K, N, M]);
    const runs = Array.from({ length: K }, (_, k) => k);
    // dW_k = h_kᵀ g_k [N, M] and dh_k = g_k W_kᵀ [B, N], per run in float64.
    const dW = tf.tidy(() => cohortWeightGradient(h, g, layout));
    const expectedDW = runs.flatMap((k) => product(slice(hValues, shared ? 0 : k, B * N), slice(gValues, k, B * M), N, B, M, true));
    expect(dW.shape).toEqual([K, N, M]);
    expect(scaledError(dW.dataSync(), expectedDW)).toBeLessThan(TOLERANCE);
    if (layout !== 'columns') {
      const dh = tf.tidy(() => cohortInputGradient(g, W, layout));
      const expectedDh = runs.flatMap((k) => product(slice(gValues, k, B * M), slice(wValues, k, N * M), B, M, N, false, true));
      expect(dh.shape).toEqual([K, B, N]);
      expect(scaledError(dh.dataSync(), expectedDh)).toBeLessThan(TOLERANCE);
      dh.dispose();
    }
    tf.dispose([h, g, W, dW]);
  });

  it('the columns layout refuses inputs that differ per run', () => {
    const h = tf.zeros([2, B, N]);
    const W = tf.zeros([2, N, M]) as tf.Tensor3D;
    expect(() => cohortMatMul(h, W, 'both', 'columns')).toThrow(/shared/);
    expect(() => cohortWeightGradient(h, W, 'columns')).toThrow(/shared/);
    expect(() => cohortInputGradient(W, W, 'columns')).toThrow(/no columns layout/);
    tf.dispose([h, W]);
  });

  it('a bᵀ per run and x xᵀ equal the float64 products', () => {
    const K = 2;
    const aValues = draws(K * B * N, 4);
    const bValues = draws(K * M * N, 5);
    const a = tf.tensor3d(Float32Array.from(aValues), [K, B, N]);
    const b = tf.tensor3d(Float32Array.from(bValues), [K, M, N]);
    const x = tf.tensor2d(Float32Array.from(aValues.subarray(0, B * N)), [B, N]);
    const abT = tf.tidy(() => cohortMatMulTransposed(a, b));
    const xxT = tf.tidy(() => gram(x));
    const expected = [0, 1].flatMap((k) => product(slice(aValues, k, B * N), slice(bValues, k, M * N), B, N, M, false, true));
    expect(abT.shape).toEqual([K, B, M]);
    expect(scaledError(abT.dataSync(), expected)).toBeLessThan(TOLERANCE);
    expect(scaledError(xxT.dataSync(), product(slice(aValues, 0, B * N), slice(aValues, 0, B * N), B, N, B, false, true))).toBeLessThan(TOLERANCE);
    tf.dispose([a, b, x, abT, xxT]);
  });
});

describeEachBackend('chooseLayout', (backend) => {
  // One run's product has B n m multiply-adds; 16 x 32 x 64 = 32768 >= 2^14 = 16384 > 16 x 32 x 16 = 8192.
  if (backend === 'cpu') {
    it('keeps tfjs batched products on cpu, whatever the shape', () => {
      expect(chooseLayout(1, 128, 784, 256, false)).toBe('batched');
      expect(chooseLayout(4, 128, 784, 256, true)).toBe('batched');
    });
  } else {
    it('on wasm, 2-D products from 2^14 multiply-adds, the columns layout for shared inputs', () => {
      expect(MIN_MULTIPLY_ADDS).toBe(16384);
      expect(chooseLayout(3, 16, 32, 64, false)).toBe('per-run');
      expect(chooseLayout(3, 16, 32, 16, false)).toBe('batched');
      expect(chooseLayout(1, 16, 32, 64, false)).toBe('per-run');
      // Shared inputs: the one product has K B n m multiply-adds (3 x 8192 = 24576).
      expect(chooseLayout(3, 16, 32, 16, true)).toBe('columns');
      expect(chooseLayout(1, 16, 32, 16, true)).toBe('batched');
    });
  }
});

// Checks the 2-D product with explicit-transpose gradients against float64 products written out here, and
// against tfjs's own matMul gradient, for each choice of differentiated operands.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { matMul2d, type GradientsFor } from '../../src/lib/fastMatMul.js';
import { Rng } from '../../src/lib/rng.js';
import { describeEachBackend } from '../helpers/backends.js';
import { scaledError } from '../helpers/errors.js';

// Shapes with no two sizes equal, so a transposed operand cannot pass for an untransposed one.
const M = 6;
const K = 9;
const N = 4;

/** Row-major [rows, cols] standard normal draws. */
function draws(rows: number, cols: number, seed: number): Float64Array {
  return Float64Array.from(new Rng(seed, 'fast-matmul-test').normals(rows * cols));
}

/** C = A B in float64 (A [m, k], B [k, n], row-major; `transposeA` reads A as stored [k, m], likewise B). */
function product(A: Float64Array, B: Float64Array, m: number, k: number, n: number, transposeA = false, transposeB = false): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += (transposeA ? A[t * m + i] : A[i * k + t]) * (transposeB ? B[j * k + t] : B[t * n + j]);
      C[i * n + j] = sum;
    }
  }
  return C;
}

// 9-term float32 sums: errors ~ 3 x 6e-8 each; 1e-6 leaves room for any summation order, and a wrong
// transpose or a missing factor is off by O(1).
const TOLERANCE = 1e-6;

describeEachBackend('matMul2d', () => {
  const A = draws(M, K, 1);
  const B = draws(K, N, 2);
  // The loss is sum(Y ⊙ R): its gradient with respect to Y is R, so dA = R Bᵀ and dB = Aᵀ R.
  const R = draws(M, N, 3);
  const expectedY = product(A, B, M, K, N);
  const expectedDA = product(R, B, M, N, K, false, true);
  const expectedDB = product(A, R, K, M, N, true, false);

  const cases: { gradientsFor: GradientsFor; differentiated: ('a' | 'b')[] }[] = [
    { gradientsFor: 'both', differentiated: ['a', 'b'] },
    { gradientsFor: 'left', differentiated: ['a'] },
    { gradientsFor: 'right', differentiated: ['b'] },
  ];

  it.each(cases)('gradients for $gradientsFor: value and gradients equal the float64 products and tfjs autodiff', ({ gradientsFor, differentiated }) => {
    const a = tf.tensor2d(Float32Array.from(A), [M, K]);
    const b = tf.tensor2d(Float32Array.from(B), [K, N]);
    const r = tf.tensor2d(Float32Array.from(R), [M, N]);
    const y = tf.tidy(() => matMul2d(a, b, gradientsFor));
    expect(scaledError(y.dataSync(), expectedY)).toBeLessThan(TOLERANCE);

    const operands = { a, b };
    const xs = differentiated.map((name) => operands[name]);
    const loss = (fast: boolean) => (...ps: tf.Tensor[]) => {
      const [left, right] = [differentiated.includes('a') ? ps[0] : a, differentiated.includes('b') ? ps.at(-1)! : b];
      const value = fast ? matMul2d(left as tf.Tensor2D, right as tf.Tensor2D, gradientsFor) : tf.matMul(left, right);
      return tf.sum(tf.mul(value, r));
    };
    const fastGrads = tf.grads(loss(true))(xs);
    const autodiffGrads = tf.grads(loss(false))(xs);
    const expected = { a: expectedDA, b: expectedDB };
    differentiated.forEach((name, i) => {
      expect(fastGrads[i].shape).toEqual(operands[name].shape);
      expect(scaledError(fastGrads[i].dataSync(), expected[name]), `d${name}`).toBeLessThan(TOLERANCE);
      expect(scaledError(fastGrads[i].dataSync(), autodiffGrads[i].dataSync()), `d${name} vs autodiff`).toBeLessThan(TOLERANCE);
    });
    tf.dispose([a, b, r, y, ...fastGrads, ...autodiffGrads]);
  });

  it('a constant operand receives no gradient: differentiating with respect to it fails', () => {
    const a = tf.tensor2d(Float32Array.from(A), [M, K]);
    const b = tf.tensor2d(Float32Array.from(B), [K, N]);
    expect(() => tf.grad((left: tf.Tensor) => tf.sum(matMul2d(left as tf.Tensor2D, b, 'right')))(a)).toThrow(/gradient/i);
    expect(() => tf.grad((right: tf.Tensor) => tf.sum(matMul2d(a, right as tf.Tensor2D, 'left')))(b)).toThrow(/gradient/i);
    tf.dispose([a, b]);
  });

  it('creates no tensors beyond its result and the gradients', () => {
    const a = tf.tensor2d(Float32Array.from(A), [M, K]);
    const b = tf.tensor2d(Float32Array.from(B), [K, N]);
    const before = tf.memory().numTensors;
    const [da, db] = tf.grads((left: tf.Tensor, right: tf.Tensor) => tf.sum(matMul2d(left as tf.Tensor2D, right as tf.Tensor2D)))([a, b]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([a, b, da, db]);
  });
});

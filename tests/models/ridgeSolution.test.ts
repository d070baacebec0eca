// Checks the closed-form ridge solution on hand-solved problems and by the vanishing of the
// objective's gradient, written plainly here from SPEC.md §4.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/types.js';
import { Rng } from '../../src/lib/rng.js';
import { objectiveAt, ridgeSolution, weightDistance } from '../../src/models/ridgeSolution.js';

function regression(x: number[], y: number[], dim: number, outputs: number): Dataset {
  const nTrain = x.length / dim;
  return {
    task: 'regression',
    dim,
    outputs,
    nTrain,
    nTest: 0,
    xTrain: Float32Array.from(x),
    yTrain: Float32Array.from(y),
    xTest: new Float32Array(0),
    yTest: new Float32Array(0),
    featureNames: Array.from({ length: dim }, (_, k) => `x${k}`),
  };
}

/**
 * Gradients of L(W, b) = (1/(n o)) ‖X W + 1 b − Y‖² + λ ‖W‖² (SPEC.md §4), in float64:
 * ∂L/∂W = (2/(n o)) Xᵀ R + 2 λ W and ∂L/∂b = (2/(n o)) 1ᵀ R with R = X W + 1 b − Y.
 */
function objectiveGradient(data: Dataset, lambda: number, W: Float64Array, b: Float64Array) {
  const { nTrain: n, dim: d, outputs: o } = data;
  const gW = new Float64Array(d * o);
  const gb = new Float64Array(o);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < o; j++) {
      let r = b[j] - data.yTrain[i * o + j];
      for (let k = 0; k < d; k++) r += data.xTrain[i * d + k] * W[k * o + j];
      gb[j] += (2 / (n * o)) * r;
      for (let k = 0; k < d; k++) gW[k * o + j] += (2 / (n * o)) * data.xTrain[i * d + k] * r;
    }
  }
  for (let k = 0; k < d * o; k++) gW[k] += 2 * lambda * W[k];
  return { gW, gb };
}

function maxAbs(values: Float64Array): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

// X = [[2, 2], [1, 3], [0, 1]], y = [1, 2, 3]: x̄ = [1, 2], ȳ = 2,
// X_c = [[1, 0], [0, 1], [−1, −1]], Y_c = [−1, 0, 1], X_cᵀX_c = [[2, 1], [1, 2]], X_cᵀY_c = [−2, −1].
const handX = [2, 2, 1, 3, 0, 1];
const handY = [1, 2, 3];

describe('ridgeSolution', () => {
  it('matches the hand solution with λ = 1/3', () => {
    // n o λ = 3 · 1 · 1/3 = 1: (X_cᵀX_c + I) W = X_cᵀY_c, [[3, 1], [1, 3]]⁻¹ = (1/8) [[3, −1], [−1, 3]],
    // W = (1/8) [3·(−2) + 1, 2 − 3] = [−5/8, −1/8]; b = ȳ − x̄ W = 2 + 5/8 + 2/8 = 23/8.
    // Residuals XW + b − y = [0.375, −0.125, −0.25]: mse = (9/64 + 1/64 + 4/64) / 3 = 7/96,
    // λ‖W‖² = (1/3)(26/64) = 13/96, objective = 20/96 = 5/24.
    const data = regression(handX, handY, 2, 1);
    const { W, b, objective } = ridgeSolution(data, 1 / 3);
    expect(W[0]).toBeCloseTo(-5 / 8, 12);
    expect(W[1]).toBeCloseTo(-1 / 8, 12);
    expect(b[0]).toBeCloseTo(23 / 8, 12);
    expect(objective).toBeCloseTo(5 / 24, 12);
  });

  it('gives least squares with λ = 0 (here an exact fit y = 3 − x0)', () => {
    // W = (X_cᵀX_c)⁻¹ X_cᵀY_c = (1/3) [[2, −1], [−1, 2]] [−2, −1] = [−1, 0]; b = 2 − (−1) = 3.
    const { W, b, objective } = ridgeSolution(regression(handX, handY, 2, 1), 0);
    expect(W[0]).toBeCloseTo(-1, 12);
    expect(W[1]).toBeCloseTo(0, 12);
    expect(b[0]).toBeCloseTo(3, 12);
    expect(objective).toBeCloseTo(0, 12);
  });

  it('gives the minimum-norm least-squares solution for a rank-deficient design', () => {
    // Two equal columns [1, 2, 3], y = [1, 2, 3]: every W with w0 + w1 = 1 fits exactly;
    // the shortest is [1/2, 1/2], and b = ȳ − x̄ (w0 + w1) = 2 − 2 = 0.
    const { W, b } = ridgeSolution(regression([1, 1, 2, 2, 3, 3], [1, 2, 3], 2, 1), 0);
    expect(W[0]).toBeCloseTo(0.5, 10);
    expect(W[1]).toBeCloseTo(0.5, 10);
    expect(b[0]).toBeCloseTo(0, 10);
  });

  it.each([0, 0.05, 3])('zeroes the objective gradient on a random problem with several outputs (λ = %s)', (lambda) => {
    const rng = new Rng(7, 'ridge-test');
    const n = 30;
    const d = 6;
    const o = 3;
    const x = Array.from(rng.normals(n * d)).map((v, i) => v * (1 + (i % d)) + 0.5);
    const y = Array.from(rng.normals(n * o)).map((v, i) => v + (i % o));
    const data = regression(x, y, d, o);
    const { W, b } = ridgeSolution(data, lambda);
    const { gW, gb } = objectiveGradient(data, lambda, W, b);
    expect(maxAbs(gW)).toBeLessThan(1e-10);
    expect(maxAbs(gb)).toBeLessThan(1e-10);
    // The gradient at W = 0, b = 0 is of order 1: a vanishing gradient above is not a trivial one.
    expect(maxAbs(objectiveGradient(data, lambda, new Float64Array(d * o), new Float64Array(o)).gW)).toBeGreaterThan(0.1);
  });

  it('refuses classification data and a negative λ', () => {
    const data = regression(handX, handY, 2, 1);
    expect(() => ridgeSolution({ ...data, task: 'classification' }, 0.1)).toThrow(/regression/);
    expect(() => ridgeSolution(data, -1)).toThrow(/lambda/);
  });
});

describe('objectiveAt', () => {
  it('evaluates mse + λ‖W‖² (hand value 5/24 at the λ = 1/3 solution above)', () => {
    expect(objectiveAt(regression(handX, handY, 2, 1), 1 / 3, [-5 / 8, -1 / 8], [23 / 8])).toBeCloseTo(5 / 24, 12);
  });

  it('averages over outputs as well as examples', () => {
    // One example, two outputs, W = 0: errors (b − y) = [1, 3] → mse (1 + 9) / 2 = 5.
    expect(objectiveAt(regression([1], [0, 0], 1, 2), 10, [0, 0], [1, 3])).toBe(5);
  });
});

describe('weightDistance', () => {
  it('is the Frobenius norm of the difference', () => {
    expect(weightDistance([1, 2, 3], [4, 6, 3])).toBe(5);
  });
});

// The teacher-mlp generator against its definition: targets are the teacher's forward pass (written
// plainly below, with gelu from an independent erf series) plus noise of the stated size, inputs and
// weights have the stated distributions, and draws are deterministic by seed.
import { describe, expect, it } from 'vitest';
import type { Activation, TeacherMlpData } from '../../src/config/types.js';
import { makeTeacherMlp, makeTeacherMlpProblem } from '../../src/data/teacherMlp.js';

function config(overrides: Partial<TeacherMlpData> = {}): TeacherMlpData {
  return {
    kind: 'teacher-mlp', n_train: 64, n_test: 32, dim: 4, hidden: [16, 8], activation: 'tanh', outputs: 2, noise: 0, seed: 0, standardize: false,
    ...overrides,
  };
}

/**
 * erf by its Maclaurin series 2/√π Σ (-1)^k z^(2k+1) / (k! (2k+1)), exact to float64 for |z| < 3 (to ~1e-6 at
 * |z| = 5, where its terms reach e^{z²}); beyond 5, ±1, as erfc(5) < 2e-12.
 */
function erfSeries(z: number): number {
  if (Math.abs(z) >= 5) return Math.sign(z);
  let term = z;
  let sum = z;
  for (let k = 1; k < 80; k++) {
    term *= (-z * z) / k;
    sum += term / (2 * k + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

function phi(activation: Activation, z: number): number {
  if (activation === 'relu') return Math.max(z, 0);
  if (activation === 'tanh') return Math.tanh(z);
  if (activation === 'gelu') return 0.5 * z * (1 + erfSeries(z / Math.SQRT2));
  if (activation === 'erf') return erfSeries(z);
  return z;
}

/** h_l = phi(h_{l-1} W_l), output without phi, for one input row. */
function forward(x: number[], weights: Float64Array[], widths: number[], activation: Activation): number[] {
  let h = x;
  weights.forEach((W, l) => {
    const out = Array.from({ length: widths[l + 1] }, (_, k) => h.reduce((s, hj, j) => s + hj * W[j * widths[l + 1] + k], 0));
    h = l === weights.length - 1 ? out : out.map((z) => phi(activation, z));
  });
  return h;
}

describe('makeTeacherMlp', () => {
  it('has the documented shapes', () => {
    const data = makeTeacherMlp(config());
    expect(data).toMatchObject({ task: 'regression', dim: 4, outputs: 2, nTrain: 64, nTest: 32, featureNames: ['x0', 'x1', 'x2', 'x3'] });
    expect([data.xTrain.length, data.yTrain.length, data.xTest.length, data.yTest.length]).toEqual([256, 128, 128, 64]);
  });

  it.each(['relu', 'tanh', 'gelu', 'erf', 'linear'] as const)('labels noiseless data with the teacher forward pass (%s)', (activation) => {
    const cfg = config({ activation });
    const { dataset, weights } = makeTeacherMlpProblem(cfg);
    const widths = [4, 16, 8, 2];
    expect(weights.map((W) => W.length)).toEqual([4 * 16, 16 * 8, 8 * 2]);
    for (const [x, y, n] of [[dataset.xTrain, dataset.yTrain, 64], [dataset.xTest, dataset.yTest, 32]] as const) {
      for (let i = 0; i < n; i++) {
        const f = forward(Array.from(x.subarray(4 * i, 4 * i + 4)), weights, widths, activation);
        // float32 storage of x and y: relative error ~1e-7 per value, a few ulps through the layers.
        f.forEach((fk, k) => expect(Math.abs(y[2 * i + k] - fk)).toBeLessThan(1e-5 * (1 + Math.abs(fk))));
      }
    }
  });

  it('draws the teacher with the standard init: variance 2/fan_in for relu, 1/fan_in otherwise', () => {
    const wide = { dim: 64, hidden: [128], outputs: 32 };
    for (const [activation, gain] of [['relu', 2], ['tanh', 1]] as const) {
      const { weights } = makeTeacherMlpProblem(config({ ...wide, activation }));
      [64, 128].forEach((fanIn, l) => {
        const W = weights[l];
        const meanSquare = W.reduce((s, w) => s + w * w, 0) / W.length;
        // At least 4096 entries: the sample variance is within 10% (over 4 standard errors).
        expect(Math.abs(meanSquare / (gain / fanIn) - 1), `${activation} layer ${l}`).toBeLessThan(0.1);
      });
    }
  });

  it('draws x from N(0, I) and adds noise of standard deviation `noise`', () => {
    const cfg = config({ n_train: 4000, noise: 0.3 });
    const noisy = makeTeacherMlp(cfg);
    const clean = makeTeacherMlp({ ...cfg, noise: 0 });
    expect(noisy.xTrain).toEqual(clean.xTrain);
    const n = noisy.xTrain.length;
    const meanX = noisy.xTrain.reduce((s, v) => s + v, 0) / n;
    const varX = noisy.xTrain.reduce((s, v) => s + (v - meanX) ** 2, 0) / n;
    expect(Math.abs(meanX)).toBeLessThan(0.05);
    expect(Math.abs(varX - 1)).toBeLessThan(0.05);
    const residuals = Array.from(noisy.yTrain, (y, k) => y - clean.yTrain[k]);
    const rms = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    expect(Math.abs(rms / 0.3 - 1)).toBeLessThan(0.05);
  });

  it('is deterministic by seed, and the training set does not depend on n_test', () => {
    expect(makeTeacherMlp(config())).toEqual(makeTeacherMlp(config()));
    const other = makeTeacherMlp(config({ seed: 1 }));
    expect(other.xTrain).not.toEqual(makeTeacherMlp(config()).xTrain);
    expect(makeTeacherMlpProblem(config({ seed: 1 })).weights[0]).not.toEqual(makeTeacherMlpProblem(config()).weights[0]);
    const moreTest = makeTeacherMlp(config({ n_test: 50, noise: 0.1 }));
    const base = makeTeacherMlp(config({ noise: 0.1 }));
    expect(moreTest.xTrain).toEqual(base.xTrain);
    expect(moreTest.yTrain).toEqual(base.yTrain);
    expect(moreTest.xTest.subarray(0, 128)).toEqual(base.xTest);
  });
});

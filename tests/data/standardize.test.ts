// Checks z-scoring against a hand-worked example and the zero-mean / unit-variance property.
import { describe, expect, it } from 'vitest';
import { standardize } from '../../src/data/standardize.js';
import type { Dataset } from '../../src/data/types.js';
import { Rng } from '../../src/lib/rng.js';

function dataset(xTrain: number[], xTest: number[], dim: number): Dataset {
  const nTrain = xTrain.length / dim;
  const nTest = xTest.length / dim;
  return {
    task: 'regression',
    dim,
    outputs: 1,
    nTrain,
    nTest,
    xTrain: Float32Array.from(xTrain),
    yTrain: Float32Array.from({ length: nTrain }, (_, i) => 10 + i),
    xTest: Float32Array.from(xTest),
    yTest: Float32Array.from({ length: nTest }, (_, i) => -i),
    featureNames: Array.from({ length: dim }, (_, k) => `f${k}`),
  };
}

describe('standardize', () => {
  it('uses the training mean and population std on train and test; centres a constant column', () => {
    // Train column 0 = [1, 2, 3]: mean 2, population variance (1 + 0 + 1) / 3 = 2/3, so
    // z = ∓1 / √(2/3) = ∓√1.5 ≈ ∓1.2247449. Column 1 = [5, 5, 5] has std 0: only centred.
    // Test row [4, 7] → [(4 − 2) / √(2/3), 7 − 5] = [2√1.5 ≈ 2.4494897, 2].
    const raw = dataset([1, 5, 2, 5, 3, 5], [4, 7], 2);
    const z = standardize(raw);
    const expectedTrain = [-Math.sqrt(1.5), 0, 0, 0, Math.sqrt(1.5), 0];
    expectedTrain.forEach((v, i) => expect(z.xTrain[i]).toBeCloseTo(v, 6));
    expect(z.xTest[0]).toBeCloseTo(2 * Math.sqrt(1.5), 6);
    expect(z.xTest[1]).toBe(2);
    expect(z.yTrain).toEqual(raw.yTrain);
    expect(z.yTest).toEqual(raw.yTest);
    expect(raw.xTrain).toEqual(Float32Array.from([1, 5, 2, 5, 3, 5]));
  });

  it('gives every training column zero mean and unit population variance', () => {
    const rng = new Rng(3, 'standardize-test');
    const n = 200;
    const d = 4;
    // Columns with very different offsets and scales.
    const x = Array.from({ length: n * d }, (_, i) => 100 * (i % d) + (1 + (i % d) * 7) * rng.normal());
    const z = standardize(dataset(x, x.slice(0, d), d));
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += z.xTrain[i * d + j] / n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (z.xTrain[i * d + j] - mean) ** 2 / n;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(variance).toBeCloseTo(1, 5);
    }
  });
});

// Checks that loadDataset dispatches on the kind and standardizes only when asked.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LinearRegressionData } from '../../src/config/types.js';
import { makeLinearRegression } from '../../src/data/linearRegression.js';
import { loadDataset } from '../../src/data/load.js';

const linear: LinearRegressionData = { kind: 'linear-regression', n_train: 50, n_test: 10, dim: 3, condition: 10, noise: 0.1, seed: 4, standardize: false };

describe('loadDataset', () => {
  it('returns the generated linear-regression data as is when standardize is false', async () => {
    expect(await loadDataset(linear)).toEqual(makeLinearRegression(linear));
  });

  it('standardizes the generated features with the training statistics when asked', async () => {
    const data = await loadDataset({ ...linear, standardize: true });
    const raw = makeLinearRegression(linear);
    expect(data.yTrain).toEqual(raw.yTrain);
    for (let j = 0; j < data.dim; j++) {
      let mean = 0;
      let meanSquare = 0;
      for (let i = 0; i < data.nTrain; i++) {
        mean += data.xTrain[i * data.dim + j] / data.nTrain;
        meanSquare += data.xTrain[i * data.dim + j] ** 2 / data.nTrain;
      }
      expect(Math.abs(mean)).toBeLessThan(1e-6);
      expect(meanSquare).toBeCloseTo(1, 5);
    }
  });

  it('reads a csv dataset and standardizes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'optlab-load-'));
    try {
      await writeFile(join(dir, 'train.csv'), 'x,y\n0,1\n2,3\n');
      await writeFile(join(dir, 'test.csv'), 'x,y\n3,0\n');
      const data = await loadDataset({ kind: 'csv', train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), target: 'y', standardize: true });
      // x: mean 1, population std 1 → train [-1, 1], test (3 − 1) / 1 = 2; targets unchanged.
      expect(data.xTrain).toEqual(Float32Array.from([-1, 1]));
      expect(data.xTest).toEqual(Float32Array.from([2]));
      expect(data.yTrain).toEqual(Float32Array.from([1, 3]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Checks that loadDataset dispatches on the kind and standardizes only when asked (features only).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BlobsData, LinearRegressionData, MoonsData, SpiralsData, TeacherMlpData } from '../../src/config/types.js';
import { makeBlobs } from '../../src/data/blobs.js';
import { makeLinearRegression } from '../../src/data/linearRegression.js';
import { loadDataset } from '../../src/data/load.js';
import { makeMoons } from '../../src/data/moons.js';
import { makeSpirals } from '../../src/data/spirals.js';
import { makeTeacherMlp } from '../../src/data/teacherMlp.js';

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

  it('dispatches every generated kind to its generator', async () => {
    const teacher: TeacherMlpData = { kind: 'teacher-mlp', n_train: 20, n_test: 10, dim: 3, hidden: [4], activation: 'relu', outputs: 1, noise: 0.1, seed: 1, standardize: false };
    const moons: MoonsData = { kind: 'moons', n_train: 20, n_test: 10, noise: 0.1, seed: 1, standardize: false };
    const spirals: SpiralsData = { kind: 'spirals', n_train: 20, n_test: 10, classes: 3, noise: 0.2, seed: 1, standardize: false };
    const blobs: BlobsData = { kind: 'blobs', n_train: 20, n_test: 10, dim: 2, classes: 3, spread: 1, seed: 1, standardize: false };
    expect(await loadDataset(teacher)).toEqual(makeTeacherMlp(teacher));
    expect(await loadDataset(moons)).toEqual(makeMoons(moons));
    expect(await loadDataset(spirals)).toEqual(makeSpirals(spirals));
    expect(await loadDataset(blobs)).toEqual(makeBlobs(blobs));
  });

  it('standardizes the features of classification data and keeps its labels', async () => {
    const blobs: BlobsData = { kind: 'blobs', n_train: 40, n_test: 10, dim: 2, classes: 3, spread: 1, seed: 1, standardize: true };
    const data = await loadDataset(blobs);
    const raw = makeBlobs({ ...blobs, standardize: false });
    expect(data.yTrain).toEqual(raw.yTrain);
    expect(data.yTest).toEqual(raw.yTest);
    const column = Array.from({ length: 40 }, (_, i) => data.xTrain[2 * i]);
    expect(Math.abs(column.reduce((s, v) => s + v, 0) / 40)).toBeLessThan(1e-6);
    expect(column.reduce((s, v) => s + v * v, 0) / 40).toBeCloseTo(1, 5);
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

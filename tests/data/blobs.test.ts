// The blobs generator against make_blobs' definition: centres uniform in [-10, 10)^d drawn from the
// data seed (stream "blobs/centres", row by row), points N(centre, spread² I), classes split evenly.
import { describe, expect, it } from 'vitest';
import type { BlobsData } from '../../src/config/types.js';
import { makeBlobs } from '../../src/data/blobs.js';
import { Rng } from '../../src/lib/rng.js';

const config = (overrides: Partial<BlobsData> = {}): BlobsData => ({
  kind: 'blobs', n_train: 60, n_test: 30, dim: 3, classes: 4, spread: 1, seed: 0, standardize: false, ...overrides,
});

/** centre_c ~ U[-10, 10)^d: 20 u - 10 for uniforms u drawn row by row. */
function centresOf(seed: number, classes: number, dim: number): number[][] {
  const rng = new Rng(seed, 'blobs/centres');
  return Array.from({ length: classes }, () => Array.from({ length: dim }, () => 20 * rng.uniform() - 10));
}

describe('makeBlobs', () => {
  it('has `classes` classes in `dim` dimensions, split evenly', () => {
    const data = makeBlobs(config({ n_train: 10, n_test: 5, dim: 3, classes: 4 }));
    expect(data).toMatchObject({ task: 'classification', dim: 3, outputs: 4, nTrain: 10, nTest: 5 });
    expect(Array.from(data.yTrain).sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 3, 3]);
    expect(Array.from(data.yTest).sort()).toEqual([0, 0, 1, 2, 3]);
  });

  it('puts every point of a zero-spread blob exactly on its centre, train and test alike', () => {
    const data = makeBlobs(config({ spread: 0, seed: 5 }));
    const centres = centresOf(5, 4, 3);
    for (const [x, y] of [[data.xTrain, data.yTrain], [data.xTest, data.yTest]] as const) {
      y.forEach((c, i) => centres[c].forEach((value, j) => expect(x[3 * i + j]).toBeCloseTo(value, 5)));
    }
  });

  it('spreads each blob round its centre with standard deviation `spread`', () => {
    const data = makeBlobs(config({ n_train: 8000, dim: 2, classes: 4, spread: 0.5, seed: 2 }));
    const centres = centresOf(2, 4, 2);
    for (let c = 0; c < 4; c++) {
      const deviations: number[] = [];
      data.yTrain.forEach((label, i) => {
        if (label === c) for (let j = 0; j < 2; j++) deviations.push(data.xTrain[2 * i + j] - centres[c][j]);
      });
      // 2000 points x 2 coordinates: the mean is within 4 standard errors (4 x 0.5 / √4000 ≈ 0.032).
      const mean = deviations.reduce((s, v) => s + v, 0) / deviations.length;
      const rms = Math.sqrt(deviations.reduce((s, v) => s + v * v, 0) / deviations.length);
      expect(Math.abs(mean)).toBeLessThan(0.032);
      expect(Math.abs(rms / 0.5 - 1)).toBeLessThan(0.05);
    }
  });

  it('shuffles the rows, draws test points apart from train, and is deterministic by seed', () => {
    const data = makeBlobs(config());
    expect(Array.from(data.yTrain.subarray(0, 15))).not.toEqual(new Array(15).fill(0));
    const sameSize = makeBlobs(config({ n_test: 60 }));
    expect(sameSize.xTest).not.toEqual(sameSize.xTrain);
    expect(makeBlobs(config())).toEqual(data);
    expect(makeBlobs(config({ seed: 1 })).xTrain).not.toEqual(data.xTrain);
  });
});

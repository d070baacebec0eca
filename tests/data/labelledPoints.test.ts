// The helpers of the synthetic classification datasets, against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { classificationDataset, classSizes, linspace, shuffledRows } from '../../src/data/labelledPoints.js';
import { Rng } from '../../src/lib/rng.js';

describe('classSizes', () => {
  it('splits evenly, the first n mod classes one larger', () => {
    expect(classSizes(10, 3)).toEqual([4, 3, 3]);
    expect(classSizes(11, 3)).toEqual([4, 4, 3]);
    expect(classSizes(9, 3)).toEqual([3, 3, 3]);
    expect(classSizes(2, 3)).toEqual([1, 1, 0]);
  });
});

describe('linspace', () => {
  it('spaces values evenly from start to stop inclusive', () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 2, 3)).toEqual([2, 2, 2]);
    expect(linspace(0, 1, 1)).toEqual([0]);
    expect(linspace(0, 1, 0)).toEqual([]);
  });
});

describe('shuffledRows', () => {
  it('keeps each point with its label and uses every point once', () => {
    // Point i is (i, 10 i) with label i mod 2.
    const n = 20;
    const x = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 10 * Math.floor(k / 2)));
    const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
    const rows = shuffledRows({ x, labels }, 2, new Rng(3, 'test'));
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const source = rows.x[2 * i];
      expect(rows.x[2 * i + 1]).toBe(10 * source);
      expect(rows.y[i]).toBe(source % 2);
      seen.add(source);
    }
    expect(seen.size).toBe(n);
    expect(Array.from(rows.x.filter((_, k) => k % 2 === 0))).not.toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('builds a classification Dataset with one output per class', () => {
    const train = { x: Float32Array.from([1, 2, 3, 4]), y: Float32Array.from([0, 2]) };
    const test = { x: Float32Array.from([5, 6]), y: Float32Array.from([1]) };
    expect(classificationDataset(2, 3, train, test)).toEqual({
      task: 'classification', dim: 2, outputs: 3, nTrain: 2, nTest: 1,
      xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y, featureNames: ['x0', 'x1'],
    });
  });
});

// Checks the linear-regression generator against its definition: exact singular values, shared
// train/test second moment, targets from w*, determinism by seed.
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import type { LinearRegressionData } from '../../src/config/types.js';
import { makeLinearRegression, makeLinearRegressionProblem } from '../../src/data/linearRegression.js';

function config(overrides: Partial<LinearRegressionData> = {}): LinearRegressionData {
  return { kind: 'linear-regression', n_train: 64, n_test: 32, dim: 8, condition: 100, noise: 0.1, seed: 0, standardize: false, ...overrides };
}

function matrixOf(values: Float32Array, rows: number, cols: number): Matrix {
  return Matrix.from1DArray(rows, cols, Array.from(values));
}

/** The SPEC's spread written out: d values from κ down to 1, equal ratios between neighbours. */
function expectedSpread(d: number, condition: number): number[] {
  return Array.from({ length: d }, (_, k) => (d === 1 ? 1 : condition ** ((d - 1 - k) / (d - 1))));
}

describe('makeLinearRegression', () => {
  it.each([
    { n_train: 64, dim: 8, condition: 100 },
    { n_train: 20, dim: 20, condition: 1000 },
    { n_train: 50, dim: 3, condition: 1 },
    { n_train: 10, dim: 1, condition: 50 },
  ])('gives the training matrix singular values spread geometrically over [1, condition] ($n_train x $dim, κ $condition)', (shape) => {
    const data = makeLinearRegression(config(shape));
    const sigma = new SingularValueDecomposition(matrixOf(data.xTrain, data.nTrain, data.dim), { autoTranspose: true }).diagonal;
    const expected = expectedSpread(shape.dim, shape.condition);
    sigma.forEach((s, k) => expect(Math.abs(s - expected[k]) / expected[k]).toBeLessThan(1e-4));
  });

  it('has the documented shapes and names', () => {
    const data = makeLinearRegression(config({ n_train: 10, n_test: 7, dim: 3 }));
    expect(data).toMatchObject({ task: 'regression', dim: 3, outputs: 1, nTrain: 10, nTest: 7, featureNames: ['x0', 'x1', 'x2'] });
    expect(data.xTrain).toHaveLength(30);
    expect(data.yTrain).toHaveLength(10);
    expect(data.xTest).toHaveLength(21);
    expect(data.yTest).toHaveLength(7);
  });

  it('draws everything from data.seed: same seed, same arrays; another seed, other arrays', () => {
    const a = makeLinearRegression(config());
    const b = makeLinearRegression(config());
    const c = makeLinearRegression(config({ seed: 1 }));
    for (const key of ['xTrain', 'yTrain', 'xTest', 'yTest'] as const) {
      expect(b[key]).toEqual(a[key]);
      expect(c[key]).not.toEqual(a[key]);
    }
  });

  it('keeps the training set when only n_test changes (separate random streams)', () => {
    const a = makeLinearRegression(config({ n_test: 10 }));
    const b = makeLinearRegression(config({ n_test: 50 }));
    expect(b.xTrain).toEqual(a.xTrain);
    expect(b.yTrain).toEqual(a.yTrain);
  });

  it('draws test rows with the training rows second moment XᵀX / n', () => {
    const data = makeLinearRegression(config({ n_train: 40, n_test: 20000, dim: 4, condition: 10 }));
    const train = matrixOf(data.xTrain, data.nTrain, data.dim);
    const test = matrixOf(data.xTest, data.nTest, data.dim);
    const population = train.transpose().mmul(train).div(data.nTrain);
    const empirical = test.transpose().mmul(test).div(data.nTest);
    // A Wishart estimate from 20000 rows is off by about √(2/20000) ≈ 1% in relative Frobenius norm.
    expect(Matrix.sub(empirical, population).norm() / population.norm()).toBeLessThan(0.05);
  });

  it('returns σ and V with X v_k of norm σ_k, V orthogonal, and y = X w* when noise is 0', () => {
    const { dataset, singularValues, rightSingularVectors, wStar } = makeLinearRegressionProblem(config({ noise: 0 }));
    const d = dataset.dim;
    const X = matrixOf(dataset.xTrain, dataset.nTrain, d);
    const V = Matrix.from1DArray(d, d, Array.from(rightSingularVectors));
    expect(Matrix.sub(V.transpose().mmul(V), Matrix.eye(d)).norm()).toBeLessThan(1e-12);
    const XV = X.mmul(V);
    expect(Array.from(singularValues)).toEqual(expectedSpread(d, 100));
    for (let k = 0; k < d; k++) expect(XV.getColumnVector(k).norm() / singularValues[k]).toBeCloseTo(1, 5);
    const clean = X.mmul(Matrix.columnVector(Array.from(wStar)));
    for (let i = 0; i < dataset.nTrain; i++) expect(dataset.yTrain[i]).toBeCloseTo(clean.get(i, 0), 4);
  });

  it('adds noise of standard deviation `noise` to the targets', () => {
    const { dataset, wStar } = makeLinearRegressionProblem(config({ n_train: 4000, dim: 2, noise: 0.5 }));
    let sumSquares = 0;
    for (let i = 0; i < dataset.nTrain; i++) {
      const clean = dataset.xTrain[2 * i] * wStar[0] + dataset.xTrain[2 * i + 1] * wStar[1];
      sumSquares += (dataset.yTrain[i] - clean) ** 2;
    }
    // The sample std of 4000 normals is within 3% of the true one with overwhelming probability.
    expect(Math.sqrt(sumSquares / dataset.nTrain)).toBeGreaterThan(0.485);
    expect(Math.sqrt(sumSquares / dataset.nTrain)).toBeLessThan(0.515);
  });

  it('scales w* so noiseless targets have unit mean square on average over seeds', () => {
    const seeds = 40;
    let total = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const { dataset, wStar } = makeLinearRegressionProblem(config({ seed, noise: 0, condition: 10 }));
      const X = matrixOf(dataset.xTrain, dataset.nTrain, dataset.dim);
      const clean = X.mmul(Matrix.columnVector(Array.from(wStar)));
      total += clean.norm() ** 2 / dataset.nTrain;
    }
    // One draw's mean square Σ σ_k² (v_kᵀw*)² / n has relative std ≈ 0.8 here (d = 8, κ = 10),
    // so the mean of 40 draws sits within 0.13 of 1 per standard deviation.
    expect(total / seeds).toBeGreaterThan(0.6);
    expect(total / seeds).toBeLessThan(1.4);
  });

  it('refuses fewer training rows than dimensions', () => {
    expect(() => makeLinearRegression(config({ n_train: 4, dim: 8 }))).toThrow(/n_train \(4\) must be an integer >= dim \(8\)/);
  });
});

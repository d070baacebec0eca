import { expect, it } from 'vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Dataset } from '../../src/data/types.js';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { plannedRun, smallRegression } from '../helpers/runs.js';

/** smallRegression with centred columns and targets, so the bias stays 0 under GD from zero init. */
function centred(data: Dataset): Dataset {
  const { nTrain: n, dim: d } = data;
  const x = Float32Array.from(data.xTrain);
  const y = Float32Array.from(data.yTrain);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + j] / n;
    for (let i = 0; i < n; i++) x[i * d + j] -= mean;
  }
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  for (let i = 0; i < n; i++) y[i] -= yMean;
  return { ...data, xTrain: x, yTrain: y };
}

describeEachBackend('directions.csv', () => {
  it('shrinks the error along each singular direction by (1 - 2 lr sigma_k^2 / n) per GD step', async () => {
    const data = centred(smallRegression(48, 4, 7));
    const lr = 0.05;
    const steps = 30;
    const run = plannedRun('dir', {
      model: { kind: 'linear', init: 'zeros' },
      optimizer: { kind: 'gd', name: 'gd', lr },
      train: { steps, batch_size: 'full', loss: 'mse', eval_every: 10, schedule: { kind: 'constant' } },
    });
    const { runs } = await trainCohort([run], data);
    const rows = runs[0].directions!;
    expect(rows.map((r) => r.step)).toEqual([0, 10, 20, 30].flatMap((s) => [s, s, s, s]));
    // Independent reference: the singular values of X from ml-matrix directly.
    const X = new Matrix(Array.from({ length: 48 }, (_, i) => Array.from(data.xTrain.subarray(i * 4, i * 4 + 4))));
    const sigma = new SingularValueDecomposition(X).diagonal.sort((a, b) => b - a);
    for (let k = 0; k < 4; k++) {
      const along = rows.filter((r) => r.direction === k);
      expect(along[0].sigma).toBeCloseTo(sigma[k], 4);
      // mse gradient (2/n) Xᵀ(Xw - y): along v_k the error is multiplied by (1 - 2 lr sigma_k^2 / n) each step.
      const factor = 1 - (2 * lr * sigma[k] ** 2) / 48;
      for (const row of along.slice(1)) {
        expect(row.error).toBeCloseTo(along[0].error * factor ** row.step, 4);
      }
    }
    // The largest direction is learned fastest.
    const last = rows.filter((r) => r.step === steps);
    expect(last[0].error / rows[0].error).toBeLessThan(last[3].error / rows[3].error);
  });
});

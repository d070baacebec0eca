// ntk.csv's param_rel_change follows SPEC §3's theta_0 = 0 rule, as curve.csv's param_dist does, checked
// against one full-batch GD step derived by hand for a zero-initialised and a normal-initialised run.
import { expect, it } from 'vitest';
import { Rng } from '../../src/lib/rng.js';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { plannedRun, smallRegression } from '../helpers/runs.js';

const data = smallRegression(64, 4);
const lr = 0.05;
const train = { steps: 1, batch_size: 'full' as const, loss: 'mse' as const, eval_every: 1, schedule: { kind: 'constant' as const } };
const metrics = { ntk: { every: 1, points: 8, save_kernels: false, predict: false } };

/**
 * theta_1 - theta_0 = -lr grad for one GD step from W0 (b0 = 0) on mse L = (1/n) sum (x W + b - y)^2:
 * dL/dW = (2/n) X^T r, dL/db = (2/n) sum r, with residuals r = X W0 - y.
 */
function gdStep(W0: ArrayLike<number>): number[] {
  const { nTrain: n, dim: d, xTrain: X, yTrain: y } = data;
  const step = new Array<number>(d + 1).fill(0);
  for (let i = 0; i < n; i++) {
    let r = -y[i];
    for (let j = 0; j < d; j++) r += X[i * d + j] * W0[j];
    for (let j = 0; j < d; j++) step[j] -= lr * (2 / n) * X[i * d + j] * r;
    step[d] -= lr * (2 / n) * r;
  }
  return step;
}

describeEachBackend('NtkProbe param_rel_change', () => {
  it('is ||theta - theta0|| when theta0 = 0 and ||theta - theta0|| / ||theta0|| otherwise, as param_dist', async () => {
    const zeros = plannedRun('zeros', { model: { kind: 'linear', init: 'zeros' }, optimizer: { kind: 'gd', name: 'gd', lr }, train, metrics });
    const normal = plannedRun('normal', { seed: 3, model: { kind: 'linear', init: 'normal' }, optimizer: { kind: 'gd', name: 'gd', lr }, train, metrics });
    // W0 of the normal run as src/models/linear.ts draws it: N(0, 1/fan_in) from the run's seed, stream "init", in float32.
    const W0 = Float32Array.from(new Rng(3, 'init').normals(data.dim, 1 / Math.sqrt(data.dim)));
    const expected = [Math.hypot(...gdStep(new Float32Array(data.dim))), Math.hypot(...gdStep(W0)) / Math.hypot(...W0)];
    const { runs } = await trainCohort([zeros, normal], data);
    runs.forEach((run, r) => {
      const ntk = run.ntk!;
      expect(ntk.map((row) => row.step)).toEqual([0, 1]);
      expect(ntk[0].param_rel_change).toBe(0);
      expect(ntk[1].param_rel_change).toBeCloseTo(expected[r], 5);
      expect(run.curve[1].param_dist).toBeCloseTo(expected[r], 5);
    });
  });
});

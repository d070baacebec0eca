// Checks the curve bookkeeping by hand: a row's epoch and examples from its step, update_norm 0 at step 0,
// a run ended by the full-set check at the step it broke the rule, and a run that diverged on a minibatch
// ending with one row at diverged_at (update_norm NaN) holding the metrics of its frozen parameters.
import { expect, it } from 'vitest';
import { CohortCurves, curveRow, type CohortMetrics } from '../../src/train/cohortCurves.js';

const shape = { stepsPerEpoch: 4, batchSize: 8 };

/** Metrics of 3 runs whose objective (and train loss) is `objective[r]`, other metrics tagged by run. */
function metrics(objective: number[]): CohortMetrics {
  return {
    trainLoss: objective, testLoss: objective.map((o) => o + 1), objective, gradNorm: [10, 20, 30],
    paramDist: [0.1, 0.2, 0.3], updateNorm: [1, 2, 3], accuracy: null,
  };
}

it('builds a row: epoch = step / steps per epoch, examples = step x B, update_norm 0 at step 0', () => {
  const clock = { wallMs: 12, lr: [0.1, 0.2, 0.3] };
  expect(curveRow(6, metrics([5, 6, 7]), 1, clock, shape)).toEqual({
    step: 6, epoch: 1.5, examples: 48, wall_ms: 12, lr: 0.2, train_loss: 6, test_loss: 7, objective: 6,
    grad_norm: 20, update_norm: 2, param_dist: 0.2,
  });
  expect(curveRow(0, metrics([5, 6, 7]), 1, clock, shape).update_norm).toBe(0);
  const classified = { ...metrics([5, 6, 7]), accuracy: { train: [0.5, 0.6, 0.7], test: [0.4, 0.5, 0.6] } };
  expect(curveRow(6, classified, 2, clock, shape)).toMatchObject({ train_acc: 0.7, test_acc: 0.6 });
});

it('ends a run at the logged step its full-set objective diverged, and one diverged on a minibatch at diverged_at', () => {
  const curves = new CohortCurves(3, shape);
  const clock = { wallMs: 0, lr: [1, 1, 1] };
  curves.log(0, metrics([1, 2, 3]), clock);
  // Run 2's minibatch objective at step 3's parameters is NaN; run 0's 1e6 x its initial 1 is not above.
  curves.checkMinibatch(3, [1e6, 1, NaN]);
  expect(curves.divergedAt).toEqual([null, null, 3]);
  expect(curves.updating()).toEqual([true, true, false]);
  // At step 10 run 1's full-set objective is above 10⁶ x 2.
  curves.log(10, metrics([0.5, 2.5e6, 0.7]), clock);
  expect(curves.divergedAt).toEqual([null, 10, 3]);
  expect(curves.measuringAt(10)).toEqual([true, true, false]);
  expect(curves.curves[1].map((row) => row.step)).toEqual([0, 10]);
  // Run 2 ends with a row at step 3 from the metrics of its frozen parameters.
  expect(curves.curves[2].map((row) => row.step)).toEqual([0, 3]);
  expect(curves.curves[2][1]).toMatchObject({ step: 3, epoch: 0.75, examples: 24, objective: 0.7 });
  expect(curves.curves[2][1].update_norm).toBeNaN();
  expect(curves.allEnded()).toBe(false);
  curves.log(20, metrics([0.25, 9, 9]), clock);
  expect(curves.curves.map((curve) => curve.length)).toEqual([3, 2, 2]);
  expect(curves.measuringAt(20)).toEqual([true, false, false]);
});

it("writes the NTK-predicted losses of the logged step, and none in a diverged run's row at diverged_at (another step's)", () => {
  const curves = new CohortCurves(3, shape);
  const clock = { wallMs: 0, lr: [1, 1, 1] };
  const predicted = (train: number[]) => ({ train, test: train.map((t) => t + 1) });
  curves.log(0, { ...metrics([1, 2, 3]), predicted: predicted([0.9, 1.9, 2.9]) }, clock);
  expect(curves.curves[1][0]).toMatchObject({ ntk_pred_train_loss: 1.9, ntk_pred_test_loss: 2.9 });
  curves.checkMinibatch(3, [1, 1, NaN]);
  curves.log(10, { ...metrics([0.5, 1, 0.7]), predicted: predicted([0.4, 0.8, 0.6]) }, clock);
  expect(curves.curves[0][1]).toMatchObject({ step: 10, ntk_pred_train_loss: 0.4, ntk_pred_test_loss: 1.4 });
  expect(curves.curves[2][1].step).toBe(3);
  expect(curves.curves[2][1]).not.toHaveProperty('ntk_pred_train_loss');
  expect(curves.curves[2][1]).not.toHaveProperty('ntk_pred_test_loss');
  // Without a prediction the row has no such keys, so curve.csv has no such columns.
  expect(curveRow(0, metrics([1, 2, 3]), 0, clock, shape)).not.toHaveProperty('ntk_pred_train_loss');
});

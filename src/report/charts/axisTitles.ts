// Axis titles with units for the columns of curve.csv and the x axes the curves can be drawn against.
import type { CurveColumn } from '../../output/curveCsv.js';

/** What the curves can be plotted against: curve.csv's step, examples or wall_ms column. */
export const CURVE_X_AXES = ['step', 'examples', 'wall_ms'] as const;
export type CurveXAxis = (typeof CURVE_X_AXES)[number];

export const X_AXIS_TITLES: Record<CurveXAxis, string> = {
  step: 'step (optimizer updates)',
  examples: 'training examples seen',
  wall_ms: 'wall time (ms since the cohort started training)',
};

/** The loss function as a unit: SPEC §4's mse has no 1/2; cross-entropy is in nats (natural log). */
function lossUnit(loss: string): string {
  return loss === 'cross-entropy' ? 'cross-entropy, nats' : 'MSE';
}

/** The title of a curve column's axis; `loss` is the runs' train.loss (mse or cross-entropy). */
export function metricTitle(metric: CurveColumn, loss: string): string {
  switch (metric) {
    case 'train_loss': return `train loss (${lossUnit(loss)})`;
    case 'test_loss': return `test loss (${lossUnit(loss)})`;
    case 'objective': return `training objective (${lossUnit(loss)} + penalty)`;
    case 'train_acc': return 'train accuracy (fraction correct)';
    case 'test_acc': return 'test accuracy (fraction correct)';
    case 'ntk_pred_train_loss': return `NTK-predicted train loss (${lossUnit(loss)})`;
    case 'ntk_pred_test_loss': return `NTK-predicted test loss (${lossUnit(loss)})`;
    case 'grad_norm': return 'full-batch gradient norm ‖∇ objective‖';
    case 'update_norm': return 'update norm ‖θ_k − θ_(k−1)‖';
    case 'param_dist': return 'distance from init ‖θ − θ₀‖ / ‖θ₀‖';
    case 'lr': return 'learning rate (schedule applied)';
    case 'epoch': return 'epochs (passes over the training set)';
    case 'examples': return X_AXIS_TITLES.examples;
    case 'wall_ms': return X_AXIS_TITLES.wall_ms;
    case 'step': return X_AXIS_TITLES.step;
  }
}

/** The metric's name in chart titles: "train loss", "test accuracy". */
export function metricName(metric: CurveColumn): string {
  return metric.replace('_acc', ' accuracy').replace(/_/g, ' ');
}

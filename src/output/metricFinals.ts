// The final NTK, direction and sharpness values of a run (its last ntk.csv row; the last step of directions.csv), by the
// column names the summary, `optlab summary --sort` and claims use. Computed from the rows, so folders trained
// before summary.csv held them summarise the same way.
import type { RunConfig } from '../config/types.js';
import { preconditionedStabilityLimit } from '../theory/preconditionedStabilityLimit.js';
import { stabilityConstant } from '../theory/stabilityLimit.js';
import type { DirectionRow, NtkRow, SharpnessRow } from './metricRows.js';
import type { CurveRow } from './types.js';

/** The last ntk.csv row's drift measures, as `final_<column>`. */
export const NTK_FINAL_COLUMNS = [
  'final_kernel_rel_change', 'final_kernel_alignment', 'final_param_rel_change', 'final_lin_gap', 'final_kernel_vs_analytic',
] as const;
/**
 * The error ‖u_kᵀ(θ − θ*)‖ at the last step along the Hessian's eigen-direction of the largest singular value
 * (learned first) and of the smallest (learned last): GD's fast and slow directions.
 */
export const DIRECTION_FINAL_COLUMNS = ['final_error_largest_sigma', 'final_error_smallest_sigma'] as const;

/**
 * What metrics.ntk.predict adds to the summary: the largest lr at which the predicted dynamics are stable, the
 * predicted train and test loss at the last logged step, and the worst relative gap between prediction and run.
 */
export const PREDICTION_FINAL_COLUMNS = ['max_stable_lr', 'final_ntk_pred_train_loss', 'final_ntk_pred_test_loss', 'worst_ntk_pred_gap'] as const;

/**
 * max_stable_lr, the last row's predicted losses (each left out where the row has none) and worst_ntk_pred_gap: the
 * largest |predicted / measured − 1| of the train and the test loss over the rows that have a prediction. Empty
 * without a prediction.
 */
export function predictionFinals(curve: readonly CurveRow[], maxStableLr: number | null): Record<string, number> {
  if (maxStableLr === null) return {};
  const last = curve.at(-1);
  let worst = 0;
  for (const row of curve) {
    if (row.ntk_pred_train_loss === undefined || row.ntk_pred_test_loss === undefined) continue;
    // Math.max passes a NaN on: a prediction or loss that is not a number has no gap to bound.
    worst = Math.max(worst, Math.abs(row.ntk_pred_train_loss / row.train_loss - 1), Math.abs(row.ntk_pred_test_loss / row.test_loss - 1));
  }
  return {
    max_stable_lr: maxStableLr,
    ...(last?.ntk_pred_train_loss !== undefined && { final_ntk_pred_train_loss: last.ntk_pred_train_loss }),
    ...(last?.ntk_pred_test_loss !== undefined && { final_ntk_pred_test_loss: last.ntk_pred_test_loss }),
    worst_ntk_pred_gap: worst,
  };
}

/** The `final_*` NTK values; empty when the run measured no NTK, and without those its model leaves empty (null). */
export function ntkFinals(rows: readonly NtkRow[] | null): Record<string, number> {
  const last = rows?.at(-1);
  if (last === undefined) return {};
  const finals: Record<string, number | null> = {
    final_kernel_rel_change: last.kernel_rel_change,
    final_kernel_alignment: last.kernel_alignment,
    final_param_rel_change: last.param_rel_change,
    final_lin_gap: last.lin_gap,
    final_kernel_vs_analytic: last.kernel_vs_analytic,
  };
  return Object.fromEntries(Object.entries(finals).filter((entry): entry is [string, number] => entry[1] !== null));
}

/** The final errors along the largest and smallest singular directions; empty without directions. */
export function directionFinals(rows: readonly DirectionRow[] | null): Record<string, number> {
  if (rows === null || rows.length === 0) return {};
  const lastStep = Math.max(...rows.map((row) => row.step));
  const last = rows.filter((row) => row.step === lastStep);
  const largest = last.reduce((a, b) => (b.sigma > a.sigma ? b : a));
  const smallest = last.reduce((a, b) => (b.sigma < a.sigma ? b : a));
  return { final_error_largest_sigma: largest.error, final_error_smallest_sigma: smallest.error };
}

/** Whether a run of this model and data writes directions.csv: linear models on linear-regression data (the eigen-direction view). */
export function writesDirections(config: { model: { kind: string }; data: { kind: string } }): boolean {
  return (config.model.kind === 'linear' || config.model.kind === 'ridge') && config.data.kind === 'linear-regression';
}

/**
 * The last sharpness.csv row's values as `final_<column>`, and sharpness / stability_limit as
 * `final_sharpness_ratio` (near 1 at the edge of stability; likewise `final_precond_sharpness_ratio`). A column
 * empty in the row (undefined for the optimizer) gives no final.
 */
export function sharpnessFinals(rows: readonly SharpnessRow[] | null): Record<string, number> {
  const last = rows?.at(-1);
  if (last === undefined) return {};
  const finals: Record<string, number> = { final_sharpness: last.sharpness };
  if (last.stability_limit !== null) {
    finals.final_stability_limit = last.stability_limit;
    finals.final_sharpness_ratio = last.sharpness / last.stability_limit;
  }
  if (last.precond_sharpness !== null) finals.final_precond_sharpness = last.precond_sharpness;
  if (last.precond_stability_limit !== null) finals.final_precond_stability_limit = last.precond_stability_limit;
  if (last.precond_sharpness !== null && last.precond_stability_limit !== null) {
    finals.final_precond_sharpness_ratio = last.precond_sharpness / last.precond_stability_limit;
  }
  return finals;
}

/** The sharpness finals a run of this config will have (sharpnessFinals), known before it trains. */
export function sharpnessFinalColumns(config: Pick<RunConfig, 'metrics' | 'optimizer'>): string[] {
  if (config.metrics.sharpness === undefined) return [];
  return [
    'final_sharpness',
    ...(stabilityConstant(config.optimizer) !== null ? ['final_stability_limit', 'final_sharpness_ratio'] : []),
    ...(preconditionedStabilityLimit(config.optimizer, 1) !== null
      ? ['final_precond_sharpness', 'final_precond_stability_limit', 'final_precond_sharpness_ratio']
      : []),
  ];
}

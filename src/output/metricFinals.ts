// The final NTK, direction and sharpness values of a run (its last ntk.csv row; the last step of directions.csv), by the
// column names the summary, `optlab summary --sort` and claims use. Computed from the rows, so folders trained
// before summary.csv held them summarise the same way.
import type { RunConfig } from '../config/types.js';
import { preconditionedStabilityLimit } from '../theory/preconditionedStabilityLimit.js';
import { stabilityConstant } from '../theory/stabilityLimit.js';
import type { DirectionRow, NtkRow, SharpnessRow } from './metricRows.js';

/** The last ntk.csv row's drift measures, as `final_<column>`. */
export const NTK_FINAL_COLUMNS = ['final_kernel_rel_change', 'final_kernel_alignment', 'final_param_rel_change', 'final_lin_gap'] as const;
/**
 * The error |v_kᵀ(W − W*)| at the last step along the direction of the largest singular value (learned first)
 * and of the smallest (learned last): GD's fast and slow directions.
 */
export const DIRECTION_FINAL_COLUMNS = ['final_error_largest_sigma', 'final_error_smallest_sigma'] as const;

/** The `final_*` NTK values; empty when the run measured no NTK. */
export function ntkFinals(rows: readonly NtkRow[] | null): Record<string, number> {
  const last = rows?.at(-1);
  if (last === undefined) return {};
  return {
    final_kernel_rel_change: last.kernel_rel_change,
    final_kernel_alignment: last.kernel_alignment,
    final_param_rel_change: last.param_rel_change,
    final_lin_gap: last.lin_gap,
  };
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

/** Whether a run of this model and data writes directions.csv: linear models on linear-regression data (the SVD view). */
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

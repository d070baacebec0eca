// The rows of the per-run metric files beside curve.csv (SPEC §3): ntk.csv, one row per NTK evaluation, and
// directions.csv, long format. Their columns are declared here once, for the trainer that writes them and the
// report that reads them back.

/** One row of ntk.csv. */
export interface NtkRow {
  step: number;
  /** ||K_t - K_0||_F / ||K_0||_F */
  kernel_rel_change: number;
  /** <K_t, K_0>_F / (||K_t||_F ||K_0||_F) */
  kernel_alignment: number;
  /** ||theta_t - theta_0|| / ||theta_0||, or ||theta_t - theta_0|| when theta_0 = 0 (as curve.csv's param_dist); null (empty) for infinite-ntk, which has no parameters. */
  param_rel_change: number | null;
  /** RMS over the P points (and outputs) of f(x, theta_t) - f_lin(x, theta_t). */
  lin_gap: number;
  ntk_trace: number;
  ntk_lambda_max: number;
  ntk_lambda_min: number;
  /**
   * ||K_t - Θ||_F / ||Θ||_F with Θ the infinite-width NTK (src/theory/analyticKernel.ts), for mlp and linearized
   * runs in the ntk parameterization with relu, erf or linear (0 for infinite-ntk); null (empty) otherwise.
   */
  kernel_vs_analytic: number | null;
}

/** The column order of ntk.csv. */
export const NTK_COLUMNS = [
  'step', 'kernel_rel_change', 'kernel_alignment', 'param_rel_change', 'lin_gap', 'ntk_trace', 'ntk_lambda_max', 'ntk_lambda_min',
  'kernel_vs_analytic',
] as const satisfies readonly (keyof NtkRow)[];

/** ntk.csv columns that may be empty (null): undefined for the run's model. kernel_vs_analytic may also be absent (files written before it). */
export const NULLABLE_NTK_COLUMNS = ['param_rel_change', 'kernel_vs_analytic'] as const satisfies readonly (keyof NtkRow)[];

/** One row of directions.csv: at `step`, the error of W along the direction-th right singular vector. */
export interface DirectionRow {
  step: number;
  /** 0-based index, by descending singular value. */
  direction: number;
  /** sigma_k, the singular value of the training design X. */
  sigma: number;
  /** |v_kᵀ (W_t - W*)| (the Euclidean norm over outputs when o > 1). */
  error: number;
}

/** The column order of directions.csv. */
export const DIRECTION_COLUMNS = ['step', 'direction', 'sigma', 'error'] as const satisfies readonly (keyof DirectionRow)[];

// The rows of the per-run metric files beside curve.csv (SPEC §3): ntk.csv, one row per NTK evaluation, and
// directions.csv, long format, and sharpness.csv, one row per sharpness evaluation. Their columns are declared here once, for the trainer that writes them and the
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

/**
 * One row of directions.csv: at `step`, the error of θ = [W; b] along the direction-th eigenvector u_k of the
 * objective's Hessian H = (2 / (n o)) (ÃᵀÃ + n o λ E), Ã = [X, 1] (src/theory/linearHessian.ts).
 */
export interface DirectionRow {
  step: number;
  /** 0-based index, by descending eigenvalue. */
  direction: number;
  /** σ_k = √(n o λ_k / 2): the singular value of the design with its column of ones, [X, 1] (ridge: with √(n o λ) rows for W). */
  sigma: number;
  /** λ_k, H's eigenvalue along u_k: GD multiplies the error along u_k by (1 − η λ_k) per step (null: a folder written before it was recorded). */
  hessian_eigenvalue: number | null;
  /** ‖u_kᵀ (θ_t − θ*)‖ (the Euclidean norm over outputs when o > 1). */
  error: number;
  /** |Π_{s≤t} (1 − η_s λ_k)| times the error at step 0: exact for full-batch gd without weight decay, else null (an empty cell). */
  predicted_error: number | null;
}

/** The column order of directions.csv. */
export const DIRECTION_COLUMNS = [
  'step', 'direction', 'sigma', 'hessian_eigenvalue', 'error', 'predicted_error',
] as const satisfies readonly (keyof DirectionRow)[];

/** directions.csv columns that may be empty (null) or absent (folders written before they were recorded). */
export const NULLABLE_DIRECTION_COLUMNS = ['hessian_eigenvalue', 'predicted_error'] as const satisfies readonly (keyof DirectionRow)[];

/**
 * ntk.csv columns that may be empty (null): undefined for the run's model (param_rel_change for infinite-ntk,
 * kernel_vs_analytic without an analytic limit); kernel_vs_analytic is absent in files written before it.
 */
export const NULLABLE_NTK_COLUMNS = ['param_rel_change', 'kernel_vs_analytic'] as const satisfies readonly (keyof NtkRow)[];

/**
 * One row of sharpness.csv (SPEC §6): at `step`, the top Hessian eigenvalue of the training objective and the
 * largest the optimizer tolerates; a column is null (an empty cell) where it is undefined for the optimizer.
 */
export interface SharpnessRow {
  step: number;
  /** Top eigenvalue of the Hessian H of the objective (data loss + explicit penalty) on the measured points. */
  sharpness: number;
  /** stabilityConstant / lr at this step's scheduled lr: gd/sgd 2/lr, momentum 2(1+μ)/((1−d) lr), nesterov; else null. */
  stability_limit: number | null;
  /** Top eigenvalue of P^{-1/2} H P^{-1/2}, P the diagonal preconditioner of adam/adamw/rmsprop/adagrad; else null (and at step 0). */
  precond_sharpness: number | null;
  /** adam/adamw (2 + 2 β1)/((1 − β1) lr), rmsprop/adagrad 2/lr; else null. */
  precond_stability_limit: number | null;
}

/** The column order of sharpness.csv. */
export const SHARPNESS_COLUMNS = [
  'step', 'sharpness', 'stability_limit', 'precond_sharpness', 'precond_stability_limit',
] as const satisfies readonly (keyof SharpnessRow)[];

/** sharpness.csv columns that may be empty (null): undefined for the run's optimizer. */
export const NULLABLE_SHARPNESS_COLUMNS = ['stability_limit', 'precond_sharpness', 'precond_stability_limit'] as const satisfies readonly (keyof SharpnessRow)[];

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
  /** ||theta_t - theta_0|| / ||theta_0||, or ||theta_t - theta_0|| when theta_0 = 0 (as curve.csv's param_dist). */
  param_rel_change: number;
  /** RMS over the P points (and outputs) of f(x, theta_t) - f_lin(x, theta_t). */
  lin_gap: number;
  ntk_trace: number;
  ntk_lambda_max: number;
  ntk_lambda_min: number;
}

/** The column order of ntk.csv. */
export const NTK_COLUMNS = [
  'step', 'kernel_rel_change', 'kernel_alignment', 'param_rel_change', 'lin_gap', 'ntk_trace', 'ntk_lambda_max', 'ntk_lambda_min',
] as const satisfies readonly (keyof NtkRow)[];

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

// What a finished (or stopped) run hands to output/: everything run.json and curve.csv hold.
import type { RunConfig } from '../config/types.js';
import type { SweptValue } from '../plan/types.js';

export type RunStatus = 'complete' | 'diverged' | 'failed' | 'interrupted';

/** One row of curve.csv: metrics at the parameters after `step` optimizer updates (SPEC §3). */
export interface CurveRow {
  step: number;
  /** Passes over the training set: step / (updates per epoch). */
  epoch: number;
  /** Training examples consumed: step x batch size. */
  examples: number;
  /** Milliseconds since training of the run's cohort started. */
  wall_ms: number;
  /** Learning rate of update `step` (of update 1 at step 0), schedule applied. */
  lr: number;
  train_loss: number;
  test_loss: number;
  /** train_loss plus any explicit penalty (ridge). */
  objective: number;
  /** ||grad objective|| on the whole training set at these parameters; null (an empty cell) for a model without parameters (infinite-ntk). */
  grad_norm: number | null;
  /** ||theta_step - theta_{step-1}|| (0 at step 0); null (empty) without parameters. */
  update_norm: number | null;
  /** ||theta - theta_0|| / ||theta_0||, or ||theta - theta_0|| when theta_0 = 0; null (empty) without parameters. */
  param_dist: number | null;
  train_acc?: number;
  test_acc?: number;
  /** The train and test mse kernel dynamics predicts after `step` updates (metrics.ntk.predict; absent: not predicted). */
  ntk_pred_train_loss?: number;
  ntk_pred_test_loss?: number;
}

/** The column order of curve.csv. */
export const CURVE_COLUMNS = [
  'step', 'epoch', 'examples', 'wall_ms', 'lr', 'train_loss', 'test_loss', 'objective',
  'grad_norm', 'update_norm', 'param_dist',
] as const;

/** Everything known about one run; run.json is this minus `curve` (which goes to curve.csv). */
export interface RunRecord {
  run_id: string;
  arm: string;
  seed: number;
  status: RunStatus;
  /** First step whose parameters gave a non-finite loss or one beyond 1e6 x the initial loss; null if none. */
  diverged_at: number | null;
  /** Why the run failed or was stopped (status failed/interrupted), else null. */
  error: string | null;
  config: RunConfig;
  swept: Record<string, SweptValue>;
  backend: string;
  versions: Record<string, string>;
  /** Wall time of the run's cohort training, ms. */
  wall_time_ms: number;
  steps_per_second: number;
  /** Number of trainable parameters of the model. */
  param_count: number;
  /** Optimizer state floats per parameter. */
  state_floats_per_param: number;
  /** Runs trained together with this one in one computation (1 = alone). */
  cohort_size: number;
  /** Extra final values (e.g. ridge_closed_form_objective, ridge_distance). */
  extras: Record<string, number>;
  curve: CurveRow[];
  /** The shard (`I/N`) that trained the run; null when the whole plan ran in one go. */
  shard?: string | null;
  /** Name of the machine that trained the run. */
  host?: string;
  /** Commit checked out in the git repository that holds the config; null when it is in none. */
  git_commit?: string | null;
  /**
   * Only in memory, never in run.json: why the run's folder could not be written (a WriteFault's advice).
   * Such a run has no run.json on disk, so the next run of the config trains it again.
   */
  unsaved?: string;
}

// Small experiment folders written to disk for the report tests: hand-chosen losses, a diverged run, a failed
// run that reports must skip, the optional ntk.csv / directions.csv / sharpness.csv files and the predicted
// (theory) columns.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeRunFolder } from '../../src/output/runFolder.js';
import type { OptimizerConfig } from '../../src/config/types.js';
import type { RunRecord, RunStatus } from '../../src/output/types.js';
import { curveRow, runRecord, SAMPLE_CONFIG } from '../output/fixtures.js';
import { tempDir } from '../helpers/tempDirs.js';

/** One run of a fixture: its arm, lr, seed and train losses at steps 0, 10, 20 (or the steps given). */
export interface FixtureRun {
  arm: string;
  lr: number;
  /** Whether `optimizer.lr` is a swept field of this run (false for an arm given one lr). */
  sweptLr: boolean;
  seed: number;
  trainLoss: number[];
  steps?: number[];
  status?: RunStatus;
  extraSwept?: Record<string, number>;
  /** The optimizer's weight_decay (the sample config's 0 otherwise); swept when `extraSwept` says so. */
  weightDecay?: number;
  ntk?: string;
  directions?: string;
  sharpness?: string;
  /** The optimizer in full, in place of the sample config's adam (its name and lr still from `arm` and `lr`). */
  optimizer?: OptimizerConfig;
  /** curve.csv's ntk_pred_train_loss and ntk_pred_test_loss at the run's steps. */
  ntkPred?: { train: number[]; test: number[] };
}

/**
 * The "fixture" experiment: sgd at lr 0.05, 0.1, 0.2 (swept) and adam at one lr. sgd lr=0.2 seed 0 diverges at
 * step 13; one failed run is there to be ignored. test_loss = train_loss + 0.05; wall_ms = 2 step + seed + 1.
 */
export const FIXTURE_RUNS: FixtureRun[] = [
  { arm: 'sgd', lr: 0.05, sweptLr: true, seed: 0, trainLoss: [1, 0.7, 0.5] },
  { arm: 'sgd', lr: 0.05, sweptLr: true, seed: 1, trainLoss: [1, 0.8, 0.6] },
  { arm: 'sgd', lr: 0.1, sweptLr: true, seed: 0, trainLoss: [1, 0.5, 0.2] },
  { arm: 'sgd', lr: 0.1, sweptLr: true, seed: 1, trainLoss: [1, 0.4, 0.3] },
  { arm: 'sgd', lr: 0.1, sweptLr: true, seed: 2, trainLoss: [1, 0.6, 0.1] },
  { arm: 'sgd', lr: 0.2, sweptLr: true, seed: 0, trainLoss: [1, 0.3, 5e7], steps: [0, 10, 13], status: 'diverged' },
  { arm: 'sgd', lr: 0.2, sweptLr: true, seed: 1, trainLoss: [1, 0.2, 0.05] },
  { arm: 'sgd', lr: 0.2, sweptLr: true, seed: 2, trainLoss: [1, 0.25, 0.04] },
  { arm: 'adam', lr: 0.01, sweptLr: false, seed: 0, trainLoss: [1, 0.1, 0.01] },
  { arm: 'adam', lr: 0.01, sweptLr: false, seed: 1, trainLoss: [1, 0.2, 0.02] },
  { arm: 'adam', lr: 0.01, sweptLr: false, seed: 2, trainLoss: [1, 0.3, 0.03], status: 'failed' },
];

/** Writes one run folder as optlab run does. */
async function writeRun(dir: string, name: string, run: FixtureRun, index: number): Promise<void> {
  const steps = run.steps ?? [0, 10, 20];
  const status = run.status ?? 'complete';
  const swept: Record<string, number> = { ...(run.sweptLr ? { 'optimizer.lr': run.lr } : {}), ...run.extraSwept };
  const record: RunRecord = runRecord({
    run_id: `run${String(index).padStart(3, '0')}`,
    arm: run.arm,
    seed: run.seed,
    status,
    diverged_at: status === 'diverged' ? steps[steps.length - 1] : null,
    error: status === 'failed' ? 'out of memory' : null,
    config: { ...SAMPLE_CONFIG, name, seed: run.seed, optimizer: { ...(run.optimizer ?? SAMPLE_CONFIG.optimizer), name: run.arm, lr: run.lr, weight_decay: run.weightDecay ?? 0 } },
    swept,
    steps_per_second: 100 + 10 * index,
    curve: steps.map((step, i) => curveRow(step, run.trainLoss[i], run.trainLoss[i] + 0.05, {
      wall_ms: 2 * step + run.seed + 1,
      ...(run.ntkPred !== undefined ? { ntk_pred_train_loss: run.ntkPred.train[i], ntk_pred_test_loss: run.ntkPred.test[i] } : {}),
    })),
  });
  const otherFiles: Record<string, string> = {};
  if (run.ntk !== undefined) otherFiles['ntk.csv'] = run.ntk;
  if (run.directions !== undefined) otherFiles['directions.csv'] = run.directions;
  if (run.sharpness !== undefined) otherFiles['sharpness.csv'] = run.sharpness;
  await writeRunFolder(dir, record, otherFiles);
}

/** Writes an experiment folder `<root>/<name>` holding `runs`; returns its path. */
export async function writeExperiment(root: string, name: string, runs: readonly FixtureRun[]): Promise<string> {
  const dir = join(root, name);
  for (const [index, run] of runs.entries()) await writeRun(dir, name, run, index);
  return dir;
}

export async function freshRoot(): Promise<string> {
  return tempDir('report');
}

/** ntk.csv text with kernel_rel_change values at steps 0, 5, 10 (other columns simple functions of it). */
export function ntkCsv(kernelRelChange: readonly number[]): string {
  const lines = kernelRelChange.map((change, i) => [i * 5, change, 1 - change / 2, change / 3, change / 10, 32, 8, 0.5].join(','));
  return `step,kernel_rel_change,kernel_alignment,param_rel_change,lin_gap,ntk_trace,ntk_lambda_max,ntk_lambda_min\n${lines.join('\n')}\n`;
}

/** directions.csv text: at steps 0, 10, 20, direction i (σ = sigmas[i]) has error errors[i][k]. */
export function directionsCsv(sigmas: readonly number[], errors: readonly (readonly number[])[]): string {
  const lines = [0, 10, 20].flatMap((step, k) => sigmas.map((sigma, i) => `${step},${i},${sigma},${errors[i][k]}`));
  return `step,direction,sigma,error\n${lines.join('\n')}\n`;
}

/**
 * directions.csv text as optlab writes it now: at steps 0, 10, 20, direction i (σ = sigmas[i], Hessian eigenvalue
 * eigenvalues[i]) has error errors[i][k] and predicted_error predicted[i][k] (null: an empty cell).
 */
export function theoryDirectionsCsv(
  sigmas: readonly number[],
  eigenvalues: readonly number[],
  errors: readonly (readonly number[])[],
  predicted: readonly (readonly (number | null)[])[],
): string {
  const lines = [0, 10, 20].flatMap((step, k) => sigmas.map((sigma, i) => `${step},${i},${sigma},${eigenvalues[i]},${errors[i][k]},${predicted[i][k] ?? ''}`));
  return `step,direction,sigma,hessian_eigenvalue,error,predicted_error\n${lines.join('\n')}\n`;
}

/** sharpness.csv text: one row per step with each column's value (null: an empty cell). */
export function sharpnessCsv(rows: readonly (readonly (number | null)[])[]): string {
  const lines = rows.map((row) => row.map((value) => value ?? '').join(','));
  return `step,sharpness,stability_limit,precond_sharpness,precond_stability_limit\n${lines.join('\n')}\n`;
}

/** ntk.csv text with kernel_vs_analytic values at steps 0, 5, 10 (kernel_rel_change 0 throughout). */
export function analyticNtkCsv(kernelVsAnalytic: readonly number[]): string {
  const lines = kernelVsAnalytic.map((distance, i) => [i * 5, 0, 1, 0, 0, 32, 8, 0.5, distance].join(','));
  return `step,kernel_rel_change,kernel_alignment,param_rel_change,lin_gap,ntk_trace,ntk_lambda_max,ntk_lambda_min,kernel_vs_analytic\n${lines.join('\n')}\n`;
}

/** A folder that is not an experiment folder (no runs/). */
export async function writeNonExperiment(root: string): Promise<string> {
  const dir = join(root, 'not-an-experiment');
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A run of arm `arm` whose train loss, logged at steps 0, 10, ..., 40, first reaches 0.1 at `step` (never for Infinity). */
export function runReaching(arm: string, lr: number, seed: number, step: number): FixtureRun {
  const steps = [0, 10, 20, 30, 40];
  return { arm, lr, sweptLr: true, seed, steps, trainLoss: steps.map((s) => (s >= step ? 0.05 : 1)) };
}

/**
 * Three problems for performance profiles, times to train loss 0.1 chosen by hand:
 * A: x's best lr reaches it at 10 (its other lr at 30), y at 20.
 * B: x at 40; y's seeds at 10, 20, 30 (median 20).
 * C: x never (one seed at 10, one never: the median over two is ∞); y at 30.
 */
export async function writeProfileProblems(root: string): Promise<string[]> {
  return [
    await writeExperiment(root, 'A', [runReaching('x', 0.1, 0, 10), runReaching('x', 0.2, 0, 30), runReaching('y', 0.1, 0, 20)]),
    await writeExperiment(root, 'B', [runReaching('x', 0.1, 0, 40), runReaching('y', 0.1, 0, 10), runReaching('y', 0.1, 1, 20), runReaching('y', 0.1, 2, 30)]),
    await writeExperiment(root, 'C', [runReaching('x', 0.1, 0, 10), runReaching('x', 0.1, 1, Infinity), runReaching('y', 0.1, 0, 30)]),
  ];
}

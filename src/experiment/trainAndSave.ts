// Trains one cohort (train/trainCohort.ts, or train/trainInfiniteNtk.ts for infinite-ntk, in memory) and saves it:
// each run's outcome becomes its record and run folder.
import type { Dataset } from '../data/types.js';
import { ridgeSolution, weightDistance } from '../models/ridgeSolution.js';
import { kernelToCsv, rowsToCsv } from '../output/metricFiles.js';
import { predictionFinals, sharpnessFinals } from '../output/metricFinals.js';
import { DIRECTION_COLUMNS, NTK_COLUMNS, SHARPNESS_COLUMNS } from '../output/metricRows.js';
import { FINAL_PARAMS_FILE, finalParamsJson, readFinalParams } from '../output/finalParams.js';
import { runFolderPath, writeRunFolder } from '../output/runFolder.js';
import type { RunRecord } from '../output/types.js';
import { writeFaultAdvice, writeFaultOf } from '../output/writeFault.js';
import type { Cohort } from '../plan/types.js';
import type { Provenance } from './provenance.js';
import { trainCohort, type CohortOutcome, type RunOutcome } from '../train/trainCohort.js';
import { trainInfiniteNtk } from '../train/trainInfiniteNtk.js';

export interface CohortContext {
  /** The experiment folder (results/<name>). */
  outDir: string;
  /** Name of the active backend, recorded in every run.json. */
  backend: string;
  versions: Record<string, string>;
  /** Where the runs are trained (shard, host, git commit), recorded in every run.json. */
  provenance: Provenance;
  signal?: AbortSignal;
  onStep?(step: number): void;
}

/**
 * Trains the cohort's runs together and writes each run's folder; returns the records in cohort order. A run
 * whose folder cannot be written (disk full) gets a `failed` and `unsaved` record (its folder has no run.json,
 * so it is trained again next time); the caller stops the sweep.
 */
export async function trainAndSave(cohort: Cohort, data: Dataset, context: CohortContext): Promise<RunRecord[]> {
  const initialFrom = await Promise.all(cohort.runs.map((run) => (run.initFrom === undefined ? null : readFinalParams(context.outDir, run.initFrom))));
  // infinite-ntk trains in function space: no parameters, the same outcome.
  const train = cohort.runs[0].config.model.kind === 'infinite-ntk' ? trainInfiniteNtk : trainCohort;
  const outcome = await train(cohort.runs, data, { signal: context.signal, onStep: context.onStep, initialFrom });
  // The folders are written concurrently: each write waits on its own fsync, and the file system commits
  // concurrent ones together (64 folders: ~0.1 s instead of ~0.35 s one after another).
  return Promise.all(
    outcome.runs.map(async (runOutcome) => {
      const record = recordOf(runOutcome, outcome, cohort, data, context);
      try {
        await writeRunFolder(context.outDir, record, metricFiles(runOutcome));
        return record;
      } catch (error) {
        const advice = writeFaultAdvice(writeFaultOf(error, runFolderPath(context.outDir, runOutcome.run.id)));
        return { ...record, status: 'failed' as const, diverged_at: null, error: advice, unsaved: advice };
      }
    }),
  );
}

/** A run's record: its outcome with the cohort's shared measures and where it was trained. */
function recordOf(runOutcome: RunOutcome, outcome: CohortOutcome, cohort: Cohort, data: Dataset, context: CohortContext): RunRecord {
  const { run } = runOutcome;
  return {
    run_id: run.id,
    arm: run.arm,
    seed: run.seed,
    status: runOutcome.status,
    diverged_at: runOutcome.divergedAt,
    error: runOutcome.status === 'interrupted' ? `interrupted after ${outcome.stepsDone} of ${run.config.train.steps} steps` : null,
    config: run.config,
    swept: run.swept,
    backend: context.backend,
    versions: context.versions,
    wall_time_ms: outcome.wallTimeMs,
    steps_per_second: outcome.stepsDone / (outcome.wallTimeMs / 1000),
    param_count: outcome.paramCount,
    state_floats_per_param: outcome.stateFloatsPerParam,
    cohort_size: cohort.runs.length,
    ...context.provenance,
    extras: finalExtras(runOutcome, data),
    curve: runOutcome.curve,
  };
}

/** ntk.csv (and the kernels when save_kernels is set), directions.csv and sharpness.csv, when the run measured them. */
function metricFiles(outcome: RunOutcome): Record<string, string> {
  const files: Record<string, string> = {};
  if (outcome.ntk !== null) files['ntk.csv'] = rowsToCsv(NTK_COLUMNS, outcome.ntk);
  if (outcome.kernels !== null && outcome.run.config.metrics.ntk?.save_kernels) {
    files['kernel_init.csv'] = kernelToCsv(outcome.kernels.initial, outcome.kernels.points);
    files['kernel_final.csv'] = kernelToCsv(outcome.kernels.latest, outcome.kernels.points);
  }
  if (outcome.directions !== null) files['directions.csv'] = rowsToCsv(DIRECTION_COLUMNS, outcome.directions);
  if (outcome.sharpness !== null) files['sharpness.csv'] = rowsToCsv(SHARPNESS_COLUMNS, outcome.sharpness);
  if (outcome.run.saveParams) files[FINAL_PARAMS_FILE] = finalParamsJson(outcome.finalParams);
  return files;
}

/** Final values beyond the curve: the last NTK drift and linearization gap; max_stable_lr and the final predicted losses; the last sharpness and its ratio to its limit; for ridge, the closed-form optimum's objective and the distance to it. */
function finalExtras(outcome: RunOutcome, data: Dataset): Record<string, number> {
  const model = outcome.run.config.model;
  const lastNtk = outcome.ntk?.at(-1);
  const ntk: Record<string, number> = {
    ...(lastNtk !== undefined && { final_kernel_rel_change: lastNtk.kernel_rel_change, final_lin_gap: lastNtk.lin_gap }),
    ...predictionFinals(outcome.curve, outcome.maxStableLr),
    ...sharpnessFinals(outcome.sharpness),
  };
  // Only where the model has an analytic kernel: an absent key is an empty cell in summary.csv.
  if (lastNtk?.kernel_vs_analytic != null) ntk.final_kernel_vs_analytic = lastNtk.kernel_vs_analytic;
  if (model.kind !== 'ridge') return ntk;
  const optimum = ridgeSolution(data, model.lambda);
  const finalObjective = outcome.curve.at(-1)?.objective ?? NaN;
  return {
    ...ntk,
    ridge_closed_form_objective: optimum.objective,
    ridge_objective_gap: (finalObjective - optimum.objective) / optimum.objective,
    ridge_distance: weightDistance(outcome.finalParams[0], optimum.W),
  };
}

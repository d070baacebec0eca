// Runs a planned experiment: skips runs already complete, trains the rest cohort by cohort, writes
// every run folder as its cohort finishes, then the experiment's summary.csv and curves.csv.
import { join } from 'node:path';
import { useBackend, type BackendChoice } from '../backend/backend.js';
import { loadDataset } from '../data/load.js';
import type { Dataset } from '../data/types.js';
import { ridgeSolution } from '../models/ridgeSolution.js';
import { isRunDone, readRunRecord, writeRunFolder } from '../output/runFolder.js';
import { writeSummary } from '../output/summary.js';
import type { RunRecord } from '../output/types.js';
import { groupCohorts } from '../plan/cohorts.js';
import type { Plan, PlannedRun } from '../plan/types.js';
import { trainCohort, type RunOutcome } from '../train/trainCohort.js';
import { cohortCapacity } from './cohortCapacity.js';
import { softwareVersions } from './versions.js';

/** Progress events (the CLI turns them into bars or lines). */
export interface ExperimentEvents {
  /** The backend is running (before anything trains). */
  backendReady?(name: string): void;
  cohortStarted?(cohortId: string, runs: number, steps: number): void;
  cohortStep?(cohortId: string, step: number): void;
  runFinished?(record: RunRecord): void;
  runSkipped?(runId: string): void;
}

export interface ExperimentOptions {
  /** Folder that holds experiment folders (results/ by default in the CLI). */
  outRoot: string;
  backend: BackendChoice;
  /** Retrain runs that are already complete. */
  force?: boolean;
  events?: ExperimentEvents;
  /** Aborting stops training; unfinished runs are recorded as interrupted. */
  signal?: AbortSignal;
}

export interface ExperimentResult {
  outDir: string;
  backend: string;
  /** One record per planned run, in plan order. */
  records: RunRecord[];
  trained: number;
  skipped: number;
}

/** Trains every run of the plan that is not already complete and writes all result files. */
export async function runExperiment(plan: Plan, options: ExperimentOptions): Promise<ExperimentResult> {
  const events = options.events ?? {};
  const backend = await useBackend(options.backend);
  events.backendReady?.(backend);
  const outDir = join(options.outRoot, plan.name);
  const byId = new Map<string, RunRecord>();
  const todo: PlannedRun[] = [];
  for (const run of plan.runs) {
    const previous = !options.force && (await isRunDone(outDir, run.id)) ? await readRunRecord(outDir, run.id) : null;
    if (previous) {
      byId.set(run.id, previous);
      events.runSkipped?.(run.id);
    } else {
      todo.push(run);
    }
  }

  // Every dataset loads before anything trains, so a bad data file stops the sweep with nothing half done.
  const datasets = new Map<string, Dataset>();
  for (const run of todo) {
    const key = JSON.stringify(run.config.data);
    if (!datasets.has(key)) datasets.set(key, await loadDataset(run.config.data));
  }
  const versions = softwareVersions();
  let trained = 0;
  for (const shape of groupCohorts(todo, Number.MAX_SAFE_INTEGER)) {
    const data = datasets.get(JSON.stringify(shape.runs[0].config.data))!;
    const cohorts = groupCohorts(shape.runs, cohortCapacity(shape.runs[0].config, data));
    for (const [index, cohort] of cohorts.entries()) {
      if (options.signal?.aborted) break;
      const cohortId = `${cohort.key}/${index}`;
      events.cohortStarted?.(cohortId, cohort.runs.length, cohort.runs[0].config.train.steps);
      const outcome = await trainCohort(cohort.runs, data, {
        signal: options.signal,
        onStep: (step) => events.cohortStep?.(cohortId, step),
      });
      for (const runOutcome of outcome.runs) {
        const record: RunRecord = {
          run_id: runOutcome.run.id,
          arm: runOutcome.run.arm,
          seed: runOutcome.run.seed,
          status: runOutcome.status,
          diverged_at: runOutcome.divergedAt,
          error: runOutcome.status === 'interrupted' ? `interrupted after ${outcome.stepsDone} of ${runOutcome.run.config.train.steps} steps` : null,
          config: runOutcome.run.config,
          swept: runOutcome.run.swept,
          backend,
          versions,
          wall_time_ms: outcome.wallTimeMs,
          steps_per_second: outcome.stepsDone / (outcome.wallTimeMs / 1000),
          param_count: outcome.paramCount,
          state_floats_per_param: outcome.stateFloatsPerParam,
          cohort_size: cohort.runs.length,
          extras: finalExtras(runOutcome, data),
          curve: runOutcome.curve,
        };
        await writeRunFolder(outDir, record);
        byId.set(record.run_id, record);
        trained++;
        events.runFinished?.(record);
      }
    }
  }
  const records = plan.runs.map((r) => byId.get(r.id)).filter((r): r is RunRecord => r !== undefined);
  await writeSummary(outDir, plan, records);
  return { outDir, backend, records, trained, skipped: plan.runs.length - todo.length };
}

/** Final values beyond the curve: for ridge, the closed-form optimum's objective and the distance to it. */
function finalExtras(outcome: RunOutcome, data: Dataset): Record<string, number> {
  const model = outcome.run.config.model;
  if (model.kind !== 'ridge') return {};
  const optimum = ridgeSolution(data, model.lambda);
  const W = outcome.finalParams[0];
  let squared = 0;
  for (let i = 0; i < W.length; i++) squared += (W[i] - optimum.W[i]) ** 2;
  const finalObjective = outcome.curve.at(-1)?.objective ?? NaN;
  return {
    ridge_closed_form_objective: optimum.objective,
    ridge_objective_gap: (finalObjective - optimum.objective) / optimum.objective,
    ridge_distance: Math.sqrt(squared),
  };
}

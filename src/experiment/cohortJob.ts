// One cohort as a unit of work, trained the same way in this process or in a worker process: trainAndSave with
// the run folders' provenance; a cohort that throws is recorded as failed so that one bad cohort does not stop
// the rest of a sweep. A job trainer is what every training process runs its jobs through.
import { loadDataset } from '../data/load.js';
import type { Dataset } from '../data/types.js';
import type { RunRecord } from '../output/types.js';
import type { Cohort } from '../plan/types.js';
import { reasonOf, writeFailedRecords, type FailureContext } from './failedRecords.js';
import { datasetKey } from './loadRunData.js';
import { trainAndSave } from './trainAndSave.js';

/** A cohort scheduled for training. */
export interface CohortJob {
  /** Names the cohort in progress displays: `<cohort key>/<index among the cohorts of that key>`. */
  id: string;
  cohort: Cohort;
  /** Estimated seconds of training (steps x stepCost.ts's step time): the longest jobs start first. */
  cost: number;
}

/** What one job's training is told and tells: stop at the next step, and each step done. */
export interface JobHooks {
  signal?: AbortSignal;
  onStep?(step: number): void;
}

export interface CohortJobContext extends FailureContext, JobHooks {}

/** Trains the job's cohort on `loadData()`'s dataset and returns its records, written with their provenance. */
export async function trainCohortJob(job: CohortJob, loadData: () => Promise<Dataset>, context: CohortJobContext): Promise<RunRecord[]> {
  const start = performance.now();
  try {
    return await trainAndSave(job.cohort, await loadData(), {
      outDir: context.outDir,
      backend: context.backend,
      versions: context.versions,
      provenance: context.provenance,
      signal: context.signal,
      onStep: context.onStep,
    });
  } catch (error) {
    return writeFailedRecords(job.cohort, reasonOf(error), performance.now() - start, context);
  }
}

/** Trains one job and returns its records once its run folders are written. */
export type JobTrainer = (job: CohortJob, hooks: JobHooks) => Promise<RunRecord[]>;

/**
 * The trainer of one process (the CLI's or a worker's), on its backend: each dataset is loaded once, by
 * datasetKey, when a job first needs it, unless `datasets` already holds it.
 */
export function jobTrainer(context: FailureContext, datasets: ReadonlyMap<string, Dataset> = new Map()): JobTrainer {
  const loaded = new Map<string, Promise<Dataset>>();
  for (const [key, data] of datasets) loaded.set(key, Promise.resolve(data));
  return (job, hooks) => {
    const first = job.cohort.runs[0];
    const key = datasetKey(first);
    if (!loaded.has(key)) loaded.set(key, loadDataset(first.config.data));
    return trainCohortJob(job, () => loaded.get(key)!, { ...context, ...hooks });
  };
}

// One cohort as a unit of work, trained the same way in this process (--jobs 1) or in a worker process:
// trainAndSave with the run folders' provenance; a cohort that throws is recorded as failed
// so that one bad cohort does not stop the rest of a sweep.
import type { Dataset } from '../data/types.js';
import type { RunRecord } from '../output/types.js';
import type { Cohort } from '../plan/types.js';
import { reasonOf, writeFailedRecords, type FailureContext } from './failedRecords.js';
import { trainAndSave } from './trainAndSave.js';

/** A cohort scheduled for training. */
export interface CohortJob {
  /** Names the cohort in progress displays: `<cohort key>/<index among the cohorts of that key>`. */
  id: string;
  cohort: Cohort;
  /** Estimated seconds of training (steps x stepCost.ts's step time): the longest jobs start first. */
  cost: number;
}

export interface CohortJobContext extends FailureContext {
  signal?: AbortSignal;
  onStep?(step: number): void;
}

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

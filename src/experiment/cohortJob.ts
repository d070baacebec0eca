// One cohort as a unit of work, trained the same way in this process (--jobs 1) or in a worker process:
// runCohort, then the provenance stamped into each run folder; a cohort that throws is recorded as failed
// so that one bad cohort does not stop the rest of a sweep.
import type { Dataset } from '../data/types.js';
import type { RunRecord } from '../output/types.js';
import type { Cohort } from '../plan/types.js';
import { reasonOf, writeFailedRecords, type FailureContext } from './failedRecords.js';
import { recordProvenance } from './provenance.js';
import { runCohort } from './runCohort.js';

/** A cohort scheduled for training. */
export interface CohortJob {
  /** Names the cohort in progress displays: `<cohort key>/<index among the cohorts of that key>`. */
  id: string;
  cohort: Cohort;
  /** Estimated cost (steps x parameters x runs): costliest jobs start first. */
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
    const records = await runCohort(job.cohort, await loadData(), {
      outDir: context.outDir,
      backend: context.backend,
      versions: context.versions,
      signal: context.signal,
      onStep: context.onStep,
    });
    return await recordProvenance(context.outDir, records, context.provenance);
  } catch (error) {
    return writeFailedRecords(job.cohort, reasonOf(error), performance.now() - start, context);
  }
}

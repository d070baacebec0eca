// The records of a cohort whose training threw or whose worker died: each run is written with status
// `failed` and the reason, so the summary shows it, the exit status is 1, and a re-run trains it again.
// If even that cannot be written, the records left unwritten are marked `unsaved`.
import { runFolderPath, writeRunFolder } from '../output/runFolder.js';
import type { RunRecord } from '../output/types.js';
import { writeFaultAdvice, writeFaultOf } from '../output/writeFault.js';
import type { Cohort } from '../plan/types.js';
import type { Provenance } from './provenance.js';

/** What a failed run's record shares with its cohort: where it was to be trained. */
export interface FailureContext {
  outDir: string;
  backend: string;
  versions: Record<string, string>;
  provenance: Provenance;
}

/** The text of whatever was thrown. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes a `failed` run folder for every run of the cohort: its wall time is the time spent until the failure;
 * nothing else was measured, so the other numbers are NaN and the curve is empty.
 */
export async function writeFailedRecords(cohort: Cohort, reason: string, wallTimeMs: number, context: FailureContext): Promise<RunRecord[]> {
  const records = cohort.runs.map((run): RunRecord => ({
    run_id: run.id,
    arm: run.arm,
    seed: run.seed,
    status: 'failed',
    diverged_at: null,
    error: reason,
    config: run.config,
    swept: run.swept,
    backend: context.backend,
    versions: context.versions,
    wall_time_ms: wallTimeMs,
    steps_per_second: NaN,
    param_count: NaN,
    state_floats_per_param: NaN,
    cohort_size: cohort.runs.length,
    extras: {},
    curve: [],
    ...context.provenance,
  }));
  for (const [index, record] of records.entries()) {
    try {
      await writeRunFolder(context.outDir, record);
    } catch (error) {
      // Not even the failure could be written (disk full): the records say so and the caller stops the sweep.
      const advice = writeFaultAdvice(writeFaultOf(error, runFolderPath(context.outDir, record.run_id)));
      return records.map((r, i) => (i < index ? r : { ...r, unsaved: advice }));
    }
  }
  return records;
}

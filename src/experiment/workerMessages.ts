// The messages between `optlab run --jobs N` and its worker processes (IPC with structured clone, so NaN and
// Infinity in curves cross intact). A worker trains one cohort at a time, as the parent hands them out.
import type { BackendChoice } from '../backend/choices.js';
import type { RunRecord } from '../output/types.js';
import type { CohortJob } from './cohortJob.js';
import type { Provenance } from './provenance.js';

/** What every cohort of the experiment shares: sent once, before the first cohort. */
export interface WorkerSetup {
  backend: BackendChoice;
  outDir: string;
  versions: Record<string, string>;
  provenance: Provenance;
}

export type ParentMessage =
  | { type: 'setup'; setup: WorkerSetup }
  | { type: 'train'; job: CohortJob }
  /** No more work: stop the cohort in training (its runs are written as interrupted) and exit. */
  | { type: 'stop' };

export type WorkerMessage =
  /** The backend is running: the worker can take a cohort. */
  | { type: 'ready'; backend: string }
  | { type: 'step'; jobId: string; step: number }
  /** The cohort is over and its run folders are written; `stopping`: the worker was signalled and exits now. */
  | { type: 'finished'; jobId: string; records: RunRecord[]; stopping: boolean };

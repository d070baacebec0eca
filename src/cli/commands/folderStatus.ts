// What `optlab run --dry-run` says about the output folder: of the plan's runs, how many are already finished
// (skipped, unless --force), how many would train (and how many of those were left failed or interrupted), and
// how many finished runs of other plans the folder holds.
import { FINISHED_STATUSES, isRunDone, listRunIds, readRunRecord } from '../../output/runFolder.js';
import type { PlannedRun } from '../../plan/types.js';

export interface FolderStatus {
  /** Runs of the plan whose folder holds a finished run (complete or diverged). */
  finished: number;
  /** Runs that would be trained: the rest, or every run with --force. */
  toTrain: number;
  /** Runs to train whose folder holds a failed or interrupted run. */
  retried: number;
  /** Finished runs in the folder that are not in the plan. */
  others: number;
}

export async function folderStatus(outDir: string, runs: readonly PlannedRun[], force: boolean): Promise<FolderStatus> {
  const planned = new Set(runs.map((run) => run.id));
  const status = { finished: 0, toTrain: 0, retried: 0, others: 0 };
  for (const id of await listRunIds(outDir)) {
    const record = await readRunRecord(outDir, id, { includeUnfinished: true });
    if (record === null) continue;
    if (!planned.has(id)) status.others += FINISHED_STATUSES.includes(record.status) ? 1 : 0;
    // Skipped by the same test a run makes: finished, and every file its run.json vouches for whole.
    else if (await isRunDone(outDir, id)) status.finished += 1;
    else status.retried += 1;
  }
  status.toTrain = force ? runs.length : runs.length - status.finished;
  if (force) status.retried = 0;
  return status;
}

/** One line, e.g. `  results/sweep: 4 finished (skipped), 2 to train (1 left failed or interrupted); 3 finished runs of other plans`. */
export function folderStatusLine(outDir: string, status: FolderStatus, force: boolean): string {
  const finished = `${status.finished} finished (${force ? 'retrained: --force' : 'skipped'})`;
  const retried = status.retried > 0 ? ` (${status.retried} left failed or interrupted)` : '';
  const others = status.others > 0 ? `; ${status.others} finished run${status.others === 1 ? '' : 's'} of other plans (kept; optlab summary shows them)` : '';
  return `  ${outDir}: ${finished}, ${status.toTrain} to train${retried}${others}`;
}

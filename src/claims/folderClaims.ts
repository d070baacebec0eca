// The claims of an experiment folder checked against its runs and written to its claims.csv: what `optlab run`
// does after a sweep and `optlab check` does on demand.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_FILE_NAME } from '../output/merge.js';
import { writeClaimsCsv } from '../output/claimsCsv.js';
import { loadExperiment } from '../report/experiment.js';
import type { ClaimResult } from './evaluateClaim.js';
import { checkExperimentClaims } from './experimentClaims.js';

export interface FolderClaims {
  /** The experiment's name (its folder's). */
  name: string;
  results: ClaimResult[];
}

/**
 * Checks the claims plan.json keeps (the config's `expect:`) against the runs of the plan it lists (every finished
 * run in a folder without one) and writes claims.csv; a UsageError when the folder holds no finished run.
 */
export async function checkFolderClaims(dir: string, onDamaged?: (problem: string) => void): Promise<FolderClaims> {
  const plan = existsSync(join(dir, PLAN_FILE_NAME)) ? 'current' : 'all';
  const experiment = await loadExperiment(dir, { plan, ...(onDamaged ? { onDamaged } : {}) });
  const results = checkExperimentClaims(experiment);
  await writeClaimsCsv(dir, results);
  return { name: experiment.name, results };
}

// claims.csv: one row per claim of the config's `expect:` (the claim, its measured value, whether it held, and
// the same in words), written atomically into the experiment folder, following no link out of it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClaimResult } from '../claims/evaluateClaim.js';
import { writeFileAtomically } from './atomic.js';
import { tableToCsv } from './summary.js';

export const CLAIMS_FILE_NAME = 'claims.csv';
export const CLAIMS_COLUMNS = ['claim', 'measured', 'passed', 'text'] as const;

/** Writes `<outDir>/claims.csv`; with no claims, removes one left by an earlier config. */
export async function writeClaimsCsv(outDir: string, results: readonly ClaimResult[]): Promise<void> {
  const path = join(outDir, CLAIMS_FILE_NAME);
  if (results.length === 0) {
    await rm(path, { force: true });
    return;
  }
  const rows = results.map((result) => ({ claim: result.claim, measured: result.measured, passed: result.passed, text: result.text }));
  await writeFileAtomically(path, tableToCsv({ columns: [...CLAIMS_COLUMNS], rows }), { noLinksFrom: outDir });
}

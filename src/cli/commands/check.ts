// `optlab check`: checks the claims of each experiment folder (its config's `expect:`) against its runs, writes
// claims.csv and prints each claim's verdict; exit 1 when a claim fails, so CI can guard a phenomenon.
import { checkFolderClaims } from '../../claims/folderClaims.js';
import type { ClaimResult } from '../../claims/evaluateClaim.js';
import { warnDamaged } from './summary.js';

/** One line per claim: `  PASS adam below gd / 5 on final_train_loss: yes, 7.1x (...)`. */
export function formatClaimResults(name: string, results: readonly ClaimResult[]): string {
  if (results.length === 0) return `${name}: no claims (the config has no expect:)\n`;
  const failed = results.filter((result) => !result.passed).length;
  const head = `${name}: ${results.length - failed} of ${results.length} claims hold`;
  return [head, ...results.map((result) => `  ${result.passed ? 'PASS' : 'FAIL'} ${result.text}`)].join('\n') + '\n';
}

/** Returns the exit status: 0 when every claim of every folder holds, 1 when one fails. */
export async function checkCommand(dirs: string[]): Promise<number> {
  let status = 0;
  for (const dir of dirs) {
    const { name, results } = await checkFolderClaims(dir, warnDamaged);
    process.stdout.write(formatClaimResults(name, results));
    if (results.some((result) => !result.passed)) status = 1;
  }
  return status;
}

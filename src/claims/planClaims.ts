// The claims of a config's `expect:` checked before training: each must parse and name only arms, swept
// values, summary columns and config fields the plan's runs will have; otherwise a problem at `expect[i]`.
import { getAt, type Path } from '../config/paths.js';
import type { FieldProblem } from '../config/problems.js';
import { distinguishingFields, fieldValue, identityKey } from '../output/runFields.js';
import type { PlannedRun, SweptValue } from '../plan/types.js';
import type { Claim } from './ast.js';
import { ClaimSyntaxError } from './claimSyntaxError.js';
import { parseClaim } from './parseClaim.js';
import { resolveClaim, type ClaimScope, type ResolvedClaim, type ScopeGroup } from './resolveClaim.js';
import { runColumns } from './runColumns.js';

/** The groups the plan's runs will form in the summary (configs equal but for the seed), with the columns each will have. */
export function planScope(runs: readonly PlannedRun[]): ClaimScope {
  const fields = distinguishingFields(runs);
  const groups = new Map<string, ScopeGroup>();
  for (const run of runs) {
    const key = JSON.stringify([run.arm, identityKey(run.config)]);
    if (groups.has(key)) continue;
    const swept: Record<string, SweptValue> = {};
    for (const field of fields) {
      const value = fieldValue(run, field);
      if (value !== undefined) swept[field] = value;
    }
    groups.set(key, { arm: run.arm, swept, columns: runColumns(run.config) });
  }
  return {
    groups: [...groups.values()],
    sweptFields: fields,
    hasConfigPath: (path: Path) => runs.length > 0 && runs.every((run) => typeof getAt(run.config, path) === 'number'),
  };
}

/** A claim's text, parsed and bound in `scope`; a ClaimSyntaxError's message says whether it could not be read or not be checked. */
export function compileClaim(text: string, scope: ClaimScope): ResolvedClaim {
  let claim: Claim;
  try {
    claim = parseClaim(text);
  } catch (error) {
    if (error instanceof ClaimSyntaxError) throw new ClaimSyntaxError(`cannot read this claim: ${error.reason}${at(text, error.span.start)}`, error.span, error.hint);
    throw error;
  }
  try {
    return resolveClaim(claim, scope);
  } catch (error) {
    if (error instanceof ClaimSyntaxError) throw new ClaimSyntaxError(`this claim cannot be checked: ${error.reason}`, error.span, error.hint);
    throw error;
  }
}

/** Where in the claim an error is: ` (at "…rest of the claim")`, or nothing at its end. */
function at(text: string, offset: number): string {
  const rest = text.slice(offset);
  if (rest.trim() === '') return '';
  return ` (at ${JSON.stringify(rest.length > 24 ? `${rest.slice(0, 24)}…` : rest)})`;
}

/** Problems of the claims, at `expect[i]`. */
export function planClaimProblems(claims: readonly string[], runs: readonly PlannedRun[]): FieldProblem[] {
  if (claims.length === 0) return [];
  const scope = planScope(runs);
  const problems: FieldProblem[] = [];
  claims.forEach((text, index) => {
    try {
      compileClaim(text, scope);
    } catch (error) {
      if (!(error instanceof ClaimSyntaxError)) throw error;
      problems.push({ path: ['expect', index], message: error.reason, ...(error.hint ? { hint: error.hint } : {}) });
    }
  });
  return problems;
}

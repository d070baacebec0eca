// An experiment folder's claims (plan.json's `expect:`) checked against its runs, grouped as the summary groups
// them. The evaluator sees groups only through ClaimGroup, so it does not depend on how grouping is done.
import { getAt, type Path } from '../config/paths.js';
import type { Experiment } from '../report/experiment.js';
import { groupRuns } from '../report/groups.js';
import { runValues } from '../report/runValues.js';
import { ClaimSyntaxError } from './claimSyntaxError.js';
import { evaluateClaim, type ClaimGroup, type ClaimResult } from './evaluateClaim.js';
import { compileClaim } from './planClaims.js';
import type { ClaimScope } from './resolveClaim.js';

/** The experiment's groups as claims read them. */
export function claimGroupsOf(experiment: Experiment): ClaimGroup[] {
  return groupRuns(experiment.runs).map((group) => ({
    arm: group.arm,
    swept: group.swept,
    runs: group.runs.map((run) => ({ seed: run.record.seed, columns: runValues(run), config: run.record.config })),
  }));
}

/** What a claim may name in groups that already ran: the columns their runs have. */
export function groupsScope(groups: readonly ClaimGroup[], sweptFields: readonly string[]): ClaimScope {
  const runs = groups.flatMap((group) => group.runs);
  return {
    groups: groups.map((group) => ({
      arm: group.arm,
      swept: group.swept,
      columns: [...new Set(group.runs.flatMap((run) => Object.keys(run.columns).filter((key) => run.columns[key] !== undefined)))],
    })),
    sweptFields,
    hasConfigPath: (path: Path) => runs.length > 0 && runs.every((run) => typeof getAt(run.config, path) === 'number'),
  };
}

/**
 * Checks every claim of the experiment (none when plan.json has none). The config's claims were checked against
 * its plan; one that names nothing the folder's runs have (runs missing, an edited plan.json) fails, saying why.
 */
export function checkExperimentClaims(experiment: Experiment): ClaimResult[] {
  if (experiment.expect.length === 0) return [];
  const groups = claimGroupsOf(experiment);
  const scope = groupsScope(groups, experiment.sweptFields);
  return experiment.expect.map((text) => {
    try {
      return evaluateClaim(compileClaim(text, scope), groups);
    } catch (error) {
      if (!(error instanceof ClaimSyntaxError)) throw error;
      const reason = `${error.reason}${error.hint ? ` (${error.hint})` : ''}`;
      return { claim: text, passed: false, measured: null, text: `${text}: no, ${reason.replace(/^this claim /, 'it ')}` };
    }
  });
}

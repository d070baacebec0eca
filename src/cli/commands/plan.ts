// `optlab plan <config>`: the cohorts a config trains with their estimated costs, or with --matrix N the
// GitHub Actions matrix of its N shards (JSON for `strategy.matrix: ${{ fromJSON(...) }}`, see docs/scale).
import { UsageError } from '../../lib/errors.js';
import { groupCohorts } from '../../plan/cohorts.js';
import { loadPlan } from '../../plan/loadPlan.js';
import { estimatedRunCost } from '../../plan/runCost.js';
import { assignShards, formatShard } from '../../plan/shard.js';
import type { Plan } from '../../plan/types.js';
import { describePlan } from './describePlan.js';

/** GitHub Actions runs at most 256 jobs per matrix. */
export const MAX_MATRIX_SHARDS = 256;

/** One matrix entry per shard that has runs: `--shard ${{ matrix.shard }}`. */
export function shardMatrix(plan: Plan, count: number): { include: { shard: string; runs: number }[] } {
  const shards = assignShards(plan.runs, count);
  return {
    include: shards.flatMap((runs, i) => (runs.length === 0 ? [] : [{ shard: formatShard({ index: i + 1, count }), runs: runs.length }])),
  };
}

/** The plan's cohorts (runs sharing every shape), costliest first, with their share of the estimated cost. */
function cohortTable(plan: Plan): string {
  const cohorts = groupCohorts(plan.runs, Number.MAX_SAFE_INTEGER).map((cohort) => ({
    key: cohort.key,
    runs: cohort.runs.length,
    arms: [...new Set(cohort.runs.map((run) => run.arm))].join(','),
    steps: cohort.runs[0].config.train.steps,
    cost: cohort.runs.reduce((sum, run) => sum + estimatedRunCost(run.config), 0),
  }));
  const total = cohorts.reduce((sum, cohort) => sum + cohort.cost, 0);
  const lines = cohorts
    .sort((a, b) => b.cost - a.cost)
    .map((c) => `  ${c.key}  ${c.runs} runs  ${c.arms}  ${c.steps} steps  cost ${c.cost.toExponential(2)} (${((100 * c.cost) / total).toFixed(1)}%)`);
  return [`cohorts, costliest first (estimated cost = steps x parameters x runs):`, ...lines].join('\n');
}

export function planCommand(config: string, options: { set: string[]; matrix?: string }): number {
  const plan = loadPlan(config, { set: options.set });
  if (options.matrix === undefined) {
    process.stdout.write(`${describePlan(plan)}\n${cohortTable(plan)}\n`);
    return 0;
  }
  const count = /^\d+$/.test(options.matrix.trim()) ? Number(options.matrix) : NaN;
  if (!(count >= 1 && count <= MAX_MATRIX_SHARDS)) {
    throw new UsageError(`--matrix expects a number of shards from 1 to ${MAX_MATRIX_SHARDS} (a GitHub Actions matrix's limit), got "${options.matrix}"`);
  }
  process.stdout.write(`${JSON.stringify(shardMatrix(plan, count))}\n`);
  return 0;
}

// A short human description of a plan: run count, arms, swept fields, seeds and cohorts.
import { groupCohorts } from '../../plan/cohorts.js';
import type { Plan } from '../../plan/types.js';

export function describePlan(plan: Plan): string {
  const arms = [...new Set(plan.runs.map((r) => r.arm))];
  const seeds = [...new Set(plan.runs.map((r) => r.seed))];
  const shapes = groupCohorts(plan.runs, Number.MAX_SAFE_INTEGER).length;
  const lines = [
    `${plan.sources.join(', ')}: ok — experiment "${plan.name}", ${plan.runs.length} runs`,
    `  arms: ${arms.join(', ')}`,
    `  swept: ${plan.sweptFields.length > 0 ? plan.sweptFields.join(', ') : '(nothing)'}`,
    `  seeds: ${seeds.join(', ')}`,
    `  cohorts (runs trained as one computation): ${shapes}`,
  ];
  return lines.join('\n');
}

// `optlab validate`: parse and check configs and their data (a CSV's cells and rows, as `run` would) and print
// what each would run, what it shows (`description:`) and what it claims (`expect:`); trains nothing.
import { loadRunData } from '../../experiment/loadRunData.js';
import { loadPlan } from '../../plan/loadPlan.js';
import type { Plan } from '../../plan/types.js';
import { describePlan } from './describePlan.js';

/** The description and claims of a plan, indented under their headings; '' when it has neither. */
export function describeTexts(plan: Plan): string {
  const indent = (text: string) => text.trimEnd().split('\n').map((line) => `  ${line}`.trimEnd()).join('\n');
  const parts: string[] = [];
  if (plan.description !== undefined) parts.push(`description:\n${indent(plan.description)}`);
  const claims = plan.expect ?? [];
  if (claims.length > 0) parts.push(`expect (${claims.length} claim${claims.length === 1 ? '' : 's'}, checked after the run):\n${claims.map((claim) => `  - ${claim}`).join('\n')}`);
  return parts.map((part) => `${part}\n`).join('');
}

export async function validateCommand(configs: string[], options: { set: string[] }): Promise<number> {
  for (const file of configs) {
    const plan = loadPlan(file, { set: options.set });
    await loadRunData(plan.runs, plan.sources.join(', '));
    process.stdout.write(describePlan(plan) + '\n' + describeTexts(plan));
  }
  return 0;
}

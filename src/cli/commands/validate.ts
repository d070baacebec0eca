// `optlab validate`: parse and check configs and their data (a CSV's cells and rows, as `run` would) and print
// what each would run; trains nothing.
import { loadRunData } from '../../experiment/loadRunData.js';
import { loadPlan } from '../../plan/loadPlan.js';
import { describePlan } from './describePlan.js';

export async function validateCommand(configs: string[], options: { set: string[] }): Promise<number> {
  for (const file of configs) {
    const plan = loadPlan(file, { set: options.set });
    await loadRunData(plan.runs, plan.sources.join(', '));
    process.stdout.write(describePlan(plan) + '\n');
  }
  return 0;
}

// `optlab validate`: parse and check configs and print what each would run; trains nothing.
import { loadPlan } from '../../plan/loadPlan.js';
import { describePlan } from './describePlan.js';

export function validateCommand(configs: string[], options: { set: string[] }): number {
  for (const file of configs) process.stdout.write(describePlan(loadPlan(file, { set: options.set })) + '\n');
  return 0;
}

// Test helper: the problems of a config that must fail to load.
import { expect } from 'vitest';
import { ConfigError, type ConfigProblem } from '../../src/lib/errors.js';
import { loadPlan, type LoadPlanOptions } from '../../src/plan/loadPlan.js';

export function problemsOf(file: string, options?: LoadPlanOptions): ConfigProblem[] {
  try {
    loadPlan(file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`expected ${file} to be rejected`);
}

/** The one problem at `path` (failing when there is none or several). */
export function problemAt(problems: ConfigProblem[], path: string): ConfigProblem {
  const found = problems.filter((p) => p.path === path);
  expect(found, `problems at ${path} among:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`).toHaveLength(1);
  return found[0];
}

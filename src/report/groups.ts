// Runs grouped by arm and swept values: the runs of one group differ only in their seed, so statistics over
// a group are statistics over seeds.
import type { RunRecord } from '../output/types.js';
import type { ExperimentRun } from './experiment.js';

export type SweptValue = RunRecord['swept'][string];

/** The runs of one arm at one point of the sweep, one per seed. */
export interface RunGroup {
  /** Identity of the group: arm and swept values, as JSON. */
  key: string;
  arm: string;
  /** The group's value of every swept field it has (the seed is never one). */
  swept: Record<string, SweptValue>;
  /** Name in legends and tables: the arm, plus its swept values when other groups share the arm ("sgd lr=0.01"). */
  label: string;
  /** Sorted by seed. */
  runs: ExperimentRun[];
}

/** How a swept value is spelt in a label: as the config gave it (0.9999 must not read as 1). */
export function sweptValueText(value: SweptValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/**
 * The short name of each swept field in labels: its last path segment (`optimizer.lr` → `lr`, as `optlab run`
 * prints runs), or the whole path when two fields share that segment.
 */
export function sweptFieldNames(sweptFields: readonly string[]): Map<string, string> {
  const last = (field: string) => field.slice(field.lastIndexOf('.') + 1);
  return new Map(sweptFields.map((field) => {
    const clash = sweptFields.some((other) => other !== field && last(other) === last(field));
    return [field, clash ? field : last(field)];
  }));
}

/** Orders swept values: numbers by size, everything else by its text. */
function compareSwept(a: SweptValue | undefined, b: SweptValue | undefined): number {
  if (a === b) return 0;
  // A group without the field (an arm that does not sweep it) sorts first.
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return sweptValueText(a).localeCompare(sweptValueText(b));
}

/** Groups runs by arm and swept values; groups sorted by arm name, then by each swept field's value. */
export function groupRuns(runs: readonly ExperimentRun[], sweptFields: readonly string[]): RunGroup[] {
  const fields = sweptFields.filter((field) => field !== 'seed');
  const byKey = new Map<string, RunGroup>();
  for (const run of runs) {
    const swept: Record<string, SweptValue> = {};
    for (const field of fields) {
      const value = run.record.swept[field];
      if (value !== undefined) swept[field] = value;
    }
    const key = JSON.stringify([run.record.arm, fields.map((field) => swept[field] ?? null)]);
    const group = byKey.get(key) ?? { key, arm: run.record.arm, swept, label: run.record.arm, runs: [] };
    group.runs.push(run);
    byKey.set(key, group);
  }
  const groups = [...byKey.values()];
  for (const group of groups) group.runs.sort((a, b) => a.record.seed - b.record.seed);
  groups.sort((a, b) => {
    if (a.arm !== b.arm) return a.arm.localeCompare(b.arm);
    for (const field of fields) {
      const order = compareSwept(a.swept[field], b.swept[field]);
      if (order !== 0) return order;
    }
    return 0;
  });
  const names = sweptFieldNames(fields);
  for (const group of groups) {
    const shared = groups.some((other) => other !== group && other.arm === group.arm);
    const parts = Object.entries(group.swept).map(([field, value]) => `${names.get(field)}=${sweptValueText(value)}`);
    if (shared && parts.length > 0) group.label = `${group.arm} ${parts.join(' ')}`;
  }
  return groups;
}

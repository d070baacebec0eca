// Runs grouped so that statistics over a group are statistics over seeds: the runs of one group have the same
// resolved config (run.json) but for the seed. The fields that tell groups apart come from the runs' own
// configs (output/runFields.ts), so runs of several plans or of a scripted loop in one folder never pool.
import { distinguishingFields, fieldValue } from '../output/runFields.js';
import type { RunRecord } from '../output/types.js';
import type { ExperimentRun } from './experiment.js';

export type SweptValue = RunRecord['swept'][string];

/** The runs of one arm at one point of the sweep, one per seed. */
export interface RunGroup {
  /** Identity of the group: arm and field values, as JSON. */
  key: string;
  arm: string;
  /** The group's value of every field that tells groups apart and that its runs have (the seed is never one). */
  swept: Record<string, SweptValue>;
  /** Name in legends and tables: the arm, plus the values in which it differs from other groups ("sgd lr=0.01"). */
  label: string;
  /** Sorted by seed. */
  runs: ExperimentRun[];
  /** Runs (seeds) in the group. */
  n: number;
}

export interface GroupOptions {
  /** Fields a group may vary in besides the seed (a chart's x axis: the runs of a line across learning rates). */
  apart?: readonly string[];
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

/** A label with its group's run count, as charts show it: `sgd lr=0.1 (n=3)`. */
export function labelWithCount(label: string, counts: readonly number[]): string {
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return `${label} (n=${low === high ? low : `${low}–${high}`})`;
}

/** Orders swept values: numbers by size, lists element by element, everything else by its text. */
function compareSwept(a: SweptValue | undefined, b: SweptValue | undefined): number {
  if (a === b) return 0;
  // A group without the field (an arm that does not have it) sorts first.
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Lists (hidden widths) element by element, so [256] comes before [1024].
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = compareSwept(a[i] as SweptValue, b[i] as SweptValue);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  return sweptValueText(a).localeCompare(sweptValueText(b));
}

/** A field goes into a group's label when another group of its arm differs there, or any group does at a field outside the optimizer. */
function labelFields(group: RunGroup, groups: readonly RunGroup[], fields: readonly string[]): string[] {
  const text = (g: RunGroup, field: string) => JSON.stringify(g.swept[field] ?? null);
  return fields.filter((field) => groups.some((other) => other !== group
    && (other.arm === group.arm || !field.startsWith('optimizer.'))
    && text(other, field) !== text(group, field)));
}

/**
 * The fields worth naming in labels: `fields` without those whose value the others already tell, over these groups
 * (in `model.kind: [mlp, infinite-ntk]` with a width sweep, `hidden` follows from `width` and `center` from `kind`).
 * The fields the configs sweep (`declared`) are always kept; the others are dropped, last first, while implied.
 */
function withoutImpliedFields(groups: readonly RunGroup[], fields: readonly string[], declared: ReadonlySet<string>): string[] {
  const text = (g: RunGroup, field: string) => JSON.stringify(g.swept[field] ?? null);
  const implied = (field: string, by: readonly string[]) => {
    const seen = new Map<string, string>();
    return groups.every((g) => {
      const key = JSON.stringify([g.arm, ...by.map((other) => text(g, other))]);
      const value = seen.get(key) ?? text(g, field);
      seen.set(key, value);
      return value === text(g, field);
    });
  };
  let shown = [...fields];
  for (const field of [...fields].reverse().filter((f) => !declared.has(f))) {
    const others = shown.filter((other) => other !== field);
    if (implied(field, others)) shown = others;
  }
  return shown;
}

/**
 * Groups runs whose resolved configs differ only in the seed (and in `options.apart`); groups sorted by arm
 * name, then by each field's value.
 */
export function groupRuns(runs: readonly ExperimentRun[], options: GroupOptions = {}): RunGroup[] {
  const apart = new Set(options.apart ?? []);
  const fields = distinguishingFields(runs.map((run) => run.record)).filter((field) => !apart.has(field));
  const byKey = new Map<string, RunGroup>();
  for (const run of runs) {
    const swept: Record<string, SweptValue> = {};
    for (const field of fields) {
      const value = fieldValue(run.record, field);
      if (value !== undefined) swept[field] = value;
    }
    const key = JSON.stringify([run.record.arm, fields.map((field) => swept[field] ?? null)]);
    const group = byKey.get(key) ?? { key, arm: run.record.arm, swept, label: run.record.arm, runs: [], n: 0 };
    group.runs.push(run);
    group.n = group.runs.length;
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
  const shown = withoutImpliedFields(groups, fields, new Set(runs.flatMap((run) => Object.keys(run.record.swept))));
  const labels = groups.map((group) => labelFields(group, groups, shown)
    // A group without the field (an infinite-ntk run has no width) says nothing of it.
    .filter((field) => group.swept[field] !== undefined)
    .map((field) => `${names.get(field)}=${sweptValueText(group.swept[field])}`));
  groups.forEach((group, index) => {
    if (labels[index].length > 0) group.label = `${group.arm} ${labels[index].join(' ')}`;
  });
  return groups;
}

// The fields that tell runs apart, read from each run's own resolved config (run.json) rather than from the
// plan that happens to be current: runs of several plans, of a scripted loop or of an edited config in one
// folder differ in fields no plan swept, and those fields must show, or runs that differ would pass for seeds.
import type { RunConfig } from '../config/types.js';
import { getAt, isPlainObject, parsePath } from '../config/paths.js';
import { toSweptValue } from '../plan/sweptValue.js';
import type { SweptValue } from '../plan/types.js';
import type { RunRecord } from './types.js';

/** What these functions read of a run: its arm, swept values and resolved config (a planned run has them too). */
export type RunFields = Pick<RunRecord, 'arm' | 'swept' | 'config'>;

/** Config fields that are not part of what a run is compared by: the seed (what a group is over) and the experiment name (the folder). */
const NOT_COMPARED: ReadonlySet<string> = new Set(['seed', 'name']);

/** Shorthands that resolution folds into another field (`model.width: 64` becomes `model.hidden: [64]`). */
const FOLDED_INTO: Readonly<Record<string, string>> = { 'model.width': 'model.hidden', 'model.depth': 'model.hidden' };

/** Arms differ in their optimizer by design; a difference elsewhere (data, model, train) between arms is worth a column. */
const OPTIMIZER_PREFIX = 'optimizer.';

/** Every leaf of the resolved config by dotted path (a list is one leaf), the seed and name left out; values as JSON text. */
export function configLeaves(config: RunConfig): Map<string, string> {
  const leaves = new Map<string, string>();
  const walk = (value: unknown, path: string): void => {
    if (isPlainObject(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path === '' ? key : `${path}.${key}`);
    } else if (value !== undefined) {
      leaves.set(path, JSON.stringify(value));
    }
  };
  for (const [key, value] of Object.entries(config)) if (!NOT_COMPARED.has(key)) walk(value, key);
  return leaves;
}

/** What a run is apart from its seed: canonical text of its config without seed and name (runs with equal keys are seeds of one group). */
export function identityKey(config: RunConfig): string {
  return JSON.stringify([...configLeaves(config).entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** The run's value of a field: its swept value, else the resolved config's value at that path, else undefined (the run has no such field). */
export function fieldValue(record: RunFields, field: string): SweptValue | undefined {
  const swept = record.swept[field];
  if (swept !== undefined) return swept;
  const path = parsePath(field);
  const value = path === undefined ? undefined : getAt(record.config, path);
  return value === undefined ? undefined : toSweptValue(value);
}

/** Whether a swept field accounts for a difference at a config leaf: the leaf is the field, lies under it, or is what it folds into. */
function covers(field: string, leaf: string): boolean {
  return leaf === field || leaf.startsWith(`${field}.`) || FOLDED_INTO[field] === leaf;
}

/**
 * The fields to show beside the arm so that no two groups of runs look alike: every field any run swept (its
 * run.json's `swept`), plus each config leaf on which two distinct runs (not counting the seed) differ when no
 * swept field that both have and that differs between them accounts for it. Optimizer fields count only between
 * runs of one arm. Sorted. Two runs of one arm that agree on all of these have the same config but for the seed.
 */
export function distinguishingFields(records: readonly RunFields[]): string[] {
  const swept = [...new Set(records.flatMap((record) => Object.keys(record.swept)))].filter((field) => field !== 'seed');
  const distinct = [...new Map(records.map((record) => [identityKey(record.config), record])).values()];
  const leaves = distinct.map((record) => configLeaves(record.config));
  const paths = new Set(leaves.flatMap((map) => [...map.keys()]));
  const extra = new Set<string>();
  for (const path of paths) {
    if (swept.includes(path) || new Set(leaves.map((map) => map.get(path))).size === 1) continue;
    const covering = swept.filter((field) => covers(field, path));
    const perArm = path.startsWith(OPTIMIZER_PREFIX);
    if (distinct.every((record) => covering.every((field) => record.swept[field] !== undefined))) {
      // Every run has every covering field: the leaf needs a column when it differs between runs that agree on
      // those fields (and on the arm, for an optimizer field). One pass with buckets, not a pass per pair.
      const buckets = new Map<string, Set<string | undefined>>();
      distinct.forEach((record, i) => {
        const bucket = JSON.stringify([perArm ? record.arm : '', covering.map((field) => record.swept[field])]);
        buckets.set(bucket, (buckets.get(bucket) ?? new Set()).add(leaves[i].get(path)));
      });
      if ([...buckets.values()].some((values) => values.size > 1)) extra.add(path);
      continue;
    }
    const accounted = (a: RunFields, b: RunFields) => covering.some((field) => a.swept[field] !== undefined && b.swept[field] !== undefined
      && JSON.stringify(a.swept[field]) !== JSON.stringify(b.swept[field]));
    search: for (let i = 0; i < distinct.length; i++) {
      for (let j = i + 1; j < distinct.length; j++) {
        if (perArm && distinct[i].arm !== distinct[j].arm) continue;
        if (leaves[i].get(path) === leaves[j].get(path) || accounted(distinct[i], distinct[j])) continue;
        extra.add(path);
        break search;
      }
    }
  }
  return [...new Set([...swept, ...extra])].sort();
}

/** Every optimizer hyperparameter any of the runs has (`optimizer.kind`, `optimizer.lr`, `optimizer.beta1`, ...), the arm's name aside; in config order. */
export function optimizerFields(records: readonly RunRecord[]): string[] {
  const fields = records.flatMap((record) => Object.keys(record.config.optimizer).filter((key) => key !== 'name').map((key) => `${OPTIMIZER_PREFIX}${key}`));
  return [...new Set(fields)];
}

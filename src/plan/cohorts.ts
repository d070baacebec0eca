// Cohorts (DESIGN.md): runs whose configs differ only in per-run fields (seed, arm name, numeric
// optimizer hyperparameters, model lambda/init, schedule) share every tensor shape and train as one
// computation; the catalog's `perRun` flags say which fields those are.
import { ownParam, paramsOf, runRootType } from '../config/catalogWalk.js';
import type { ParamType } from '../config/catalogTypes.js';
import { isPlainObject } from '../config/paths.js';
import type { RunConfig } from '../config/types.js';
import { shortHash } from '../lib/hash.js';
import type { Cohort, PlannedRun } from './types.js';

/** A copy of `value` (a value of `type`) without its per-run fields. */
function structuralPart(type: ParamType, value: unknown): unknown {
  const params = paramsOf(type, value);
  if (!params || !isPlainObject(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const spec = ownParam(params, key);
    if (!spec) kept[key] = field;
    else if (!spec.perRun) kept[key] = structuralPart(spec.type, field);
  }
  return kept;
}

/** Hash of what a run shares with its cohort: the config without name and per-run fields. */
export function cohortKey(config: RunConfig): string {
  const { name: _experiment, ...run } = config;
  return shortHash(structuralPart(runRootType(), run));
}

/** Splits `items` into the fewest chunks of at most `maxSize`, sizes differing by at most one (larger first). */
function chunks<T>(items: T[], maxSize: number): T[][] {
  const count = Math.ceil(items.length / maxSize);
  const base = Math.floor(items.length / count);
  const larger = items.length % count;
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = base + (i < larger ? 1 : 0);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

/**
 * Groups runs into cohorts in a deterministic order: groups in order of their first run, runs in
 * their plan order; a group larger than `maxSize` splits into near-equal chunks that share its key.
 */
export function groupCohorts(runs: PlannedRun[], maxSize: number): Cohort[] {
  if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`cohort size must be an integer >= 1, got ${maxSize}`);
  const groups = new Map<string, PlannedRun[]>();
  for (const run of runs) {
    const key = cohortKey(run.config);
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups].flatMap(([key, group]) => chunks(group, maxSize).map((chunk) => ({ key, runs: chunk })));
}

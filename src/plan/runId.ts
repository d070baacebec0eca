// The run id: a short stable hash of the resolved run config (SPEC.md §2) and of the contents of the data files
// it reads, so a re-run finds the runs it already completed, and a run over an edited data file is a new run.
// The experiment name is left out: renaming an experiment keeps its ids.
import type { RunConfig } from '../config/types.js';
import { shortHash } from '../lib/hash.js';

/**
 * Keys added to the resolved config after results folders existed, at the default that keeps the old behaviour:
 * left out of the hash, so the runs of those folders keep their ids and a re-run resumes them rather than
 * training them again. A key set to anything else is hashed like every other field.
 */
const ID_NEUTRAL_DEFAULTS: { path: readonly string[]; value: unknown }[] = [
  { path: ['metrics', 'ntk', 'predict'], value: false }, // metrics.ntk.predict (SPEC §6)
];

/** `run` without the id-neutral defaults it holds (copies only the objects on the way to a removed key). */
function withoutNeutralDefaults(run: Record<string, unknown>): Record<string, unknown> {
  let out = run;
  for (const { path, value } of ID_NEUTRAL_DEFAULTS) out = omitAt(out, path, value);
  return out;
}

function omitAt(object: Record<string, unknown>, [key, ...rest]: readonly string[], value: unknown): Record<string, unknown> {
  if (!(key in object)) return object;
  if (rest.length === 0) {
    if (object[key] !== value) return object;
    const { [key]: _dropped, ...kept } = object;
    return kept;
  }
  const inner = object[key];
  if (typeof inner !== 'object' || inner === null) return object;
  return { ...object, [key]: omitAt(inner as Record<string, unknown>, rest, value) };
}

/**
 * 10 hex characters of sha256 over the canonical JSON of `config` without `name` (and without the id-neutral
 * defaults above), with `dataDigests` (field -> SHA-256 of the file it names, see dataDigest.ts) as `data_sha256`
 * when there are any: generated data has none, and its ids are the config's hash alone.
 */
export function runId(config: RunConfig, dataDigests: Readonly<Record<string, string>> = {}): string {
  const { name: _experiment, ...rest } = config;
  const run = withoutNeutralDefaults(rest);
  return shortHash(Object.keys(dataDigests).length === 0 ? run : { ...run, data_sha256: dataDigests });
}

// The run id: a short stable hash of the resolved run config (SPEC.md §2) and of the contents of the data files
// it reads, so a re-run finds the runs it already completed, and a run over an edited data file is a new run.
// The experiment name is left out: renaming an experiment keeps its ids.
import type { RunConfig } from '../config/types.js';
import { shortHash } from '../lib/hash.js';

/**
 * 10 hex characters of sha256 over the canonical JSON of `config` without `name`, with `dataDigests` (field ->
 * SHA-256 of the file it names, see dataDigest.ts) as `data_sha256` when there are any: generated data has none,
 * and its ids are the config's hash alone.
 */
export function runId(config: RunConfig, dataDigests: Readonly<Record<string, string>> = {}): string {
  const { name: _experiment, ...run } = config;
  return shortHash(Object.keys(dataDigests).length === 0 ? run : { ...run, data_sha256: dataDigests });
}

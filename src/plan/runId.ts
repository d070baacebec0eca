// The run id: a short stable hash of the resolved run config (SPEC.md §2), so a re-run finds the
// runs it already completed. The experiment name is left out: renaming an experiment keeps its ids.
import type { RunConfig } from '../config/types.js';
import { shortHash } from '../lib/hash.js';

/** 10 hex characters of sha256 over the canonical JSON of `config` without `name`. */
export function runId(config: RunConfig): string {
  const { name: _experiment, ...run } = config;
  return shortHash(run);
}

// Where a run was trained, recorded in its run.json beside the software versions: the shard, the machine,
// and the git commit of the repository that holds the config (so a result can be traced to its inputs).
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { formatShard, type Shard } from '../plan/shard.js';

/** The run.json fields that say where a run was trained. */
export interface Provenance {
  shard: string | null;
  host: string;
  git_commit: string | null;
}

/** The commit checked out in the git repository that holds `folder`; null outside a repository, before its first commit, or without git. */
export function gitCommitOf(folder: string): string | null {
  const result = spawnSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** The provenance of runs trained here from the config in `configFolder`, as shard `shard` (or the whole plan). */
export function provenanceOf(configFolder: string, shard: Shard | undefined): Provenance {
  return { shard: shard === undefined ? null : formatShard(shard), host: hostname(), git_commit: gitCommitOf(configFolder) };
}

// A problem found at a field path, before it is placed in the user's input, and how it is placed:
// at the key (unknown keys) or the value, in the YAML file or the `--set` text that wrote it.
import type { ConfigProblem } from '../lib/errors.js';
import { formatPath, type Path } from './paths.js';
import type { SourceMap } from './sourceMap.js';

export interface FieldProblem {
  path: Path;
  message: string;
  hint?: string;
  /** Point at the key rather than the value (for keys that should not be there). */
  atKey?: boolean;
}

export function locateProblem(problem: FieldProblem, sources: SourceMap): ConfigProblem {
  return {
    location: problem.atKey ? sources.keyAt(problem.path) : sources.valueAt(problem.path),
    path: formatPath(problem.path),
    message: problem.message,
    ...(problem.hint ? { hint: problem.hint } : {}),
  };
}

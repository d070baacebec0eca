// Links each run whose model starts from another run's training (model.init_from: mlp) to that run of the plan:
// the one that differs from it only in model.kind (mlp) and has no init_from (same seed, arm and settings).
import { canonicalJson } from '../lib/hash.js';
import type { FieldProblem } from '../config/problems.js';
import type { ModelConfig, RunConfig } from '../config/types.js';
import type { PlannedRun } from './types.js';

/** The kind of run a model starts from, or undefined when it starts from its seed's init. */
function initFromOf(model: ModelConfig): string | undefined {
  return 'init_from' in model && model.init_from !== 'init' ? model.init_from : undefined;
}

/** The config a run's source must have: this run's, with model.kind = `kind` and no init_from. */
function sourceKey(config: RunConfig, kind: string): string {
  const { init_from: _from, ...model } = config.model as ModelConfig & { init_from?: string };
  return canonicalJson({ ...config, model: { ...model, kind } });
}

/** The key a run answers to as a source: its own config, when it starts from its seed's init. */
function ownKey(config: RunConfig): string | null {
  return initFromOf(config.model) === undefined ? sourceKey(config, config.model.kind) : null;
}

/**
 * Sets `initFrom` on every run with model.init_from naming a kind and `saveParams` on its source; returns a
 * problem (at model.init_from) for each run whose source the plan does not train. A source never has an
 * init_from itself, so a chain of references, and so a cycle, cannot form.
 */
export function linkInitSources(runs: PlannedRun[]): FieldProblem[] {
  const byKey = new Map<string, PlannedRun>();
  for (const run of runs) {
    const key = ownKey(run.config);
    if (key !== null) byKey.set(key, run);
  }
  const problems: FieldProblem[] = [];
  for (const run of runs) {
    const from = initFromOf(run.config.model);
    if (from === undefined) continue;
    const source = byKey.get(sourceKey(run.config, from));
    if (source === undefined) {
      problems.push({
        path: ['model', 'init_from'],
        message: `expected a run of model.kind ${from} in this plan for each ${run.config.model.kind} run to start from (the same settings, seed and arm, and no init_from), found none for ${run.arm}`,
        hint: `add ${from} to model.kind (model: { kind: [${from}, ${run.config.model.kind}], ... }), or drop init_from`,
      });
      continue;
    }
    run.initFrom = source.id;
    source.saveParams = true;
  }
  return problems;
}

// From a config (a file, or an object built in code) to the plan of runs: read the YAML, apply --set overrides, check the shape,
// expand the sweeps, resolve and check every run, give each its id. Every problem found on the way
// is collected into one ConfigError.
import { planClaimProblems } from '../claims/planClaims.js';
import { linkInitSources } from './initSources.js';
import { readFrame } from '../config/frame.js';
import { applyOverrides, parseOverride, type Override } from '../config/overrides.js';
import { formatPath, getAt } from '../config/paths.js';
import { locateProblem, type FieldProblem } from '../config/problems.js';
import { resolveRun } from '../config/resolve.js';
import { configObjectSource, readConfigSource } from '../config/source.js';
import { ConfigError, formatProblem, type ConfigProblem } from '../lib/errors.js';
import { findAxes } from './axes.js';
import { countRuns, expandRuns, sourcePathOf, type ExpandedRun } from './expand.js';
import { dataDigestsOf } from './dataDigest.js';
import { predictionProblems } from './predictionProblems.js';
import { runId } from './runId.js';
import { toSweptValue } from './sweptValue.js';
import type { Plan, PlannedRun, SweptValue } from './types.js';

/** Beyond this many runs a config is almost surely a mistake (a grid axis too many), not an experiment. */
export const MAX_RUNS = 100_000;

export interface LoadPlanOptions {
  /** `--set path=value` overrides, applied in order. */
  set?: readonly string[];
  /** For a config object: the folder its relative paths (csv files) resolve against; default the current folder. */
  baseDir?: string;
}

/**
 * The value of each swept field in the resolved config, or as written when resolution folded the
 * field into another (`model.width` becomes part of `model.hidden`).
 */
function sweptOf(run: ExpandedRun, config: PlannedRun['config']): Record<string, SweptValue> {
  const swept: Record<string, SweptValue> = {};
  for (const axis of run.axes) {
    for (const [t, target] of axis.targets.entries()) {
      if (axis.targetArms[t] !== undefined && axis.targetArms[t] !== run.armIndex) continue;
      swept[formatPath(target)] = toSweptValue(getAt(config, target) ?? getAt(run.raw, target));
    }
  }
  return swept;
}

/** Two runs with one id, and two arms with one name: both would be indistinguishable in the results. */
function duplicateProblems(runs: PlannedRun[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const firstById = new Map<string, PlannedRun>();
  const reportedPairs = new Set<string>();
  for (const run of runs) {
    const first = firstById.get(run.id);
    if (!first) firstById.set(run.id, run);
    else if (!reportedPairs.has(`${first.armIndex}|${run.armIndex}`)) {
      reportedPairs.add(`${first.armIndex}|${run.armIndex}`);
      const message =
        first.armIndex === run.armIndex
          ? `arm "${run.arm}" has two identical runs (seed ${run.seed}): a value repeats in its sweeps or in seeds`
          : `arm "${run.arm}" (optimizers[${run.armIndex}]) gives the same run as arm "${first.arm}" (optimizers[${first.armIndex}]), seed ${run.seed}`;
      problems.push({ path: ['optimizers', run.armIndex], message });
    }
  }
  const armByName = new Map<string, number>();
  for (const run of runs) {
    const other = armByName.get(run.arm);
    if (other === undefined) armByName.set(run.arm, run.armIndex);
    else if (other !== run.armIndex) {
      armByName.set(run.arm, run.armIndex);
      problems.push({
        path: ['optimizers', run.armIndex, 'name'],
        message: `expected a name no other arm has, got "${run.arm}" (also optimizers[${other}])`,
        hint: 'give each arm its own `name`',
      });
    }
  }
  return problems;
}

/** Problems without repeats, in file order (line, column), command-line problems last. */
function orderProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const unique = [...new Map(problems.map((p) => [formatProblem(p), p])).values()];
  const rank = (p: ConfigProblem) => [p.location.line ?? Number.POSITIVE_INFINITY, p.location.col ?? 0];
  return unique
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => {
      const [la, ca] = rank(a.problem);
      const [lb, cb] = rank(b.problem);
      return la - lb || ca - cb || a.order - b.order;
    })
    .map(({ problem }) => problem);
}

/**
 * Reads, validates and expands a config (with `options.set` overrides applied) into its plan: `config` is a
 * YAML file's path, or an object holding what such a file would (as scripts build configs in code). Throws a
 * ConfigError listing every problem found: file, line and column for a file, CONFIG_OBJECT and the field
 * path for an object.
 */
export function loadPlan(config: string | object, options: LoadPlanOptions = {}): Plan {
  const source = typeof config === 'string' ? readConfigSource(config) : configObjectSource(config, options.baseDir ?? process.cwd());
  const problems: ConfigProblem[] = [];
  const located = (p: FieldProblem) => locateProblem(p, source.locations);

  const overrides: Override[] = [];
  for (const text of options.set ?? []) {
    const parsed = parseOverride(text);
    if ('location' in parsed) problems.push(parsed);
    else overrides.push(parsed);
  }
  problems.push(...applyOverrides(source.tree, overrides, source.locations));

  const { frame, problems: frameProblems } = readFrame(source.tree);
  const { axes, problems: axisProblems } = findAxes(frame);
  problems.push(...frameProblems.map(located), ...axisProblems.map(located));

  const count = countRuns(frame, axes);
  if (count > MAX_RUNS) {
    problems.push(located({ path: [], message: `expected at most ${MAX_RUNS} runs, got ${count} from the sweeps` }));
    throw new ConfigError(orderProblems(problems));
  }

  const runs: PlannedRun[] = [];
  const context = { baseDir: source.baseDir, checkedFiles: new Map<string, string | undefined>() };
  const digests = new Map<string, string>();
  for (const expanded of expandRuns(frame, axes)) {
    const { config, problems: runProblems } = resolveRun(expanded.raw, frame.name, context);
    const predictProblems = config && runProblems.length === 0 ? predictionProblems(config, expanded.armIndex) : [];
    problems.push(...[...runProblems, ...predictProblems].map((p) => located({ ...p, path: sourcePathOf(expanded, p.path) })));
    if (config) {
      runs.push({
        // A data file that cannot be read (or is a pipe) is one of the problems: it is not opened to digest it.
        id: runId(config, runProblems.length === 0 ? dataDigestsOf(config, digests) : {}),
        arm: config.optimizer.name,
        armIndex: expanded.armIndex,
        seed: config.seed,
        config,
        swept: sweptOf(expanded, config),
      });
    }
  }
  problems.push(...duplicateProblems(runs).map(located));
  problems.push(...linkInitSources(runs).map(located));
  // Claims are checked against the runs only when the runs themselves are sound.
  if (problems.length === 0) problems.push(...planClaimProblems(frame.expect, runs).map(located));
  if (problems.length > 0) throw new ConfigError(orderProblems(problems));

  const sweptFields = [...new Set(axes.flatMap((axis) => axis.targets.map(formatPath)))];
  return {
    name: frame.name,
    sources: [source.file],
    baseDir: source.baseDir,
    runs,
    sweptFields,
    ...(frame.description !== undefined ? { description: frame.description } : {}),
    ...(frame.expect.length > 0 ? { expect: frame.expect } : {}),
    dataDigests: Object.fromEntries(digests),
  };
}

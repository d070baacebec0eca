// One run's config, from the values the sweep expansion chose to the resolved RunConfig: checked
// against the schema (defaults filled), then each kind's own derived fields and checks, the
// defaults and checks that tie sections together, and file paths made absolute.
import { resolve } from 'node:path';
import { builtinCatalog } from './catalog.js';
import { kindSpecOf, paramsOf, runRootType } from './catalogWalk.js';
import type { ParamType } from './catalogTypes.js';
import { showPath } from '../lib/errors.js';
import { dataSizeProblems } from './dataSize.js';
import { unreadableReason } from './fileAccess.js';
import { infiniteNtkProblems } from './functionSpace.js';
import { zodProblems } from './issues.js';
import { getAt, isPlainObject, type Path } from './paths.js';
import type { FieldProblem } from './problems.js';
import { configSchemas } from './schema.js';
import type { RunConfig } from './types.js';

export interface ResolveContext {
  /** Folder that relative file paths resolve against (the config file's). */
  baseDir: string;
  /** Readability of files already checked, by absolute path (undefined: readable), shared across runs. */
  checkedFiles?: Map<string, string | undefined>;
}

/** Paths of every file-typed field present in `value` (a value of `type`). */
function fileFields(type: ParamType, value: unknown, path: Path): Path[] {
  if (type.type === 'file') return [path];
  if (type.type === 'list' && Array.isArray(value)) {
    return value.flatMap((item, index) => fileFields(type.of, item, [...path, index]));
  }
  const params = paramsOf(type, value);
  if (!params || !isPlainObject(value)) return [];
  return Object.entries(params).flatMap(([key, spec]) =>
    value[key] === undefined ? [] : fileFields(spec.type, value[key], [...path, key]),
  );
}

/** Makes every file path absolute; an unreadable file is a problem at its field. */
function resolveFiles(run: Record<string, unknown>, context: ResolveContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const checked = context.checkedFiles ?? new Map<string, string | undefined>();
  for (const path of fileFields(runRootType(), run, [])) {
    const written = getAt(run, path) as string;
    const absolute = resolve(context.baseDir, written);
    if (!checked.has(absolute)) checked.set(absolute, unreadableReason(absolute));
    const reason = checked.get(absolute);
    if (reason) problems.push({ path, message: `cannot read ${JSON.stringify(written)} (${showPath(absolute)}): ${reason}` });
    (getAt(run, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]] = absolute;
  }
  return problems;
}

/**
 * Runs the `finish` of the kind of every section entry inside `value` (a value of `type` at `path`),
 * nested entries first; problem paths are made absolute.
 */
function finishKinds(type: ParamType, value: unknown, path: Path): FieldProblem[] {
  const params = paramsOf(type, value);
  if (!params || !isPlainObject(value)) return [];
  const problems = Object.entries(params).flatMap(([key, spec]) =>
    value[key] === undefined ? [] : finishKinds(spec.type, value[key], [...path, key]),
  );
  const kind = type.type === 'section' ? kindSpecOf(builtinCatalog[type.section], value) : undefined;
  for (const problem of kind?.finish?.(value) ?? []) problems.push({ ...problem, path: [...path, ...problem.path] });
  return problems;
}

/** Defaults and checks that tie fields of different sections together. */
function crossFieldProblems(run: Omit<RunConfig, 'name'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const data = builtinCatalog.data.kinds.find((k) => k.kind === run.data.kind);
  const model = builtinCatalog.model.kinds.find((k) => k.kind === run.model.kind);
  const optimizer = builtinCatalog.optimizer.kinds.find((k) => k.kind === run.optimizer.kind);
  if (data) {
    const loss = run.train.loss as RunConfig['train']['loss'] | undefined;
    if (loss === undefined) run.train.loss = data.losses[0];
    else if (!data.losses.includes(loss)) {
      problems.push({
        path: ['train', 'loss'],
        message: `expected ${data.losses.join(' or ')} (data kind ${data.kind} is ${data.task} data), got "${loss}"`,
      });
    }
    const examples = data.trainExamples?.(run.data as unknown as Record<string, unknown>);
    const batch = run.train.batch_size;
    if (typeof batch === 'number' && examples !== undefined && batch > examples) {
      problems.push({ path: ['train', 'batch_size'], message: `expected at most the ${examples} training examples, got ${batch}` });
    }
    // SPEC §4: the kernel is taken on the first `points` training examples.
    const points = run.metrics.ntk?.points;
    if (points !== undefined && examples !== undefined && points > examples) {
      problems.push({ path: ['metrics', 'ntk', 'points'], message: `expected at most the ${examples} training examples, got ${points}` });
    }
    // SPEC §6: the Hessian is taken on the first `points` training examples.
    const hessianPoints = run.metrics.sharpness?.points;
    if (typeof hessianPoints === 'number' && examples !== undefined && hessianPoints > examples) {
      problems.push({ path: ['metrics', 'sharpness', 'points'], message: `expected at most the ${examples} training examples, got ${hessianPoints}` });
    }
    problems.push(...dataSizeProblems(run.data as unknown as Record<string, unknown>));
  }
  if (data && model?.tasks && !model.tasks.includes(data.task)) {
    problems.push({
      path: ['model', 'kind'],
      message: `${model.kind} works only with ${model.tasks.join(' or ')} data, got data kind "${data.kind}" (${data.task} data)`,
    });
  }
  problems.push(...infiniteNtkProblems(run));
  if (run.metrics.sharpness !== undefined && model?.trainable === false) {
    problems.push({
      path: ['metrics', 'sharpness'],
      message: `model kind "${model.kind}" has no trainable parameters, so no Hessian: remove metrics.sharpness or use a trainable kind`,
    });
  }
  if (optimizer?.models && !optimizer.models.includes(run.model.kind)) {
    problems.push({
      path: ['optimizer', 'kind'],
      message: `${optimizer.kind} works only with model kinds ${optimizer.models.join(', ')}, got model kind "${run.model.kind}"`,
    });
  }
  return problems;
}

/**
 * Resolves one run: `raw` is { seed, data, model, train, metrics, optimizer } as written (sweeps already
 * chosen). Problems' paths are in the run's own shape (`optimizer.lr`, not `optimizers[1].lr`).
 */
export function resolveRun(raw: unknown, name: string, context: ResolveContext): { config?: RunConfig; problems: FieldProblem[] } {
  const parsed = configSchemas().run.safeParse(raw);
  if (!parsed.success) return { problems: zodProblems(parsed.error, runRootType(), raw) };
  const run = parsed.data as Omit<RunConfig, 'name'>;
  const problems = finishKinds(runRootType(), run, []);
  problems.push(...crossFieldProblems(run), ...resolveFiles(run as unknown as Record<string, unknown>, context));
  return { config: { name, ...run }, problems };
}

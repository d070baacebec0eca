// The sweep axes of a config (SPEC.md §2): a list where one value is expected, each `grid:` entry,
// and one paired axis for the whole `zip:`. An axis inside optimizers[i] belongs to that arm only;
// the others apply to every arm.
import { nodeAt, ownParam, paramsOf, runRootType } from '../config/catalogWalk.js';
import type { ParamSpec, ParamType } from '../config/catalogTypes.js';
import type { AxisEntry, Frame } from '../config/frame.js';
import { formatPath, isPlainObject, parsePath, pathKey, type Path } from '../config/paths.js';
import type { FieldProblem } from '../config/problems.js';
import { didYouMean } from '../config/suggest.js';

/** One value of an axis: the value of each target, and where each was written. */
export interface AxisPoint {
  values: unknown[];
  sources: Path[];
}

export interface Axis {
  /** The fields it sets, as paths in the run config (`optimizer.lr`, `train.batch_size`). */
  targets: Path[];
  /** For each target, the arm whose runs it is set in; undefined: every arm's. */
  targetArms: (number | undefined)[];
  points: AxisPoint[];
  /** Index of the arm it belongs to; undefined: every arm. */
  arm?: number;
}

/** A list sweeps a field unless the field is a label, or is itself a list and the entries are not lists. */
function isSweep(value: unknown, spec: ParamSpec): value is unknown[] {
  if (spec.sweepable === false || !Array.isArray(value)) return false;
  return spec.type.type === 'list' ? value.some(Array.isArray) : true;
}

/** The raw run an arm starts from, for following paths through the catalog. */
function rawRun(frame: Frame, arm: Record<string, unknown> | undefined): Record<string, unknown> {
  return { data: frame.data, model: frame.model, train: frame.train, metrics: frame.metrics, optimizer: arm };
}

/** Every field a grid or zip path may name, in its written form (for "did you mean"). */
function sweepablePaths(type: ParamType, raw: unknown, prefix: string): string[] {
  const params = paramsOf(type, raw);
  if (!params) return [];
  return Object.entries(params).flatMap(([key, spec]) => {
    const path = `${prefix}.${key}`;
    const nested = sweepablePaths(spec.type, isPlainObject(raw) ? raw[key] : undefined, path);
    return spec.sweepable === false ? nested : [path, ...nested];
  });
}

class AxisCollector {
  readonly axes: Axis[] = [];
  readonly problems: FieldProblem[] = [];
  /** Where each (arm, field) is already swept, to refuse sweeping it twice. */
  private readonly sweptAt = new Map<string, string>();

  constructor(private readonly frame: Frame) {}

  /** Records an axis unless one of its fields is already swept; returns whether it was recorded. */
  add(axis: Axis, where: string, problemPath: Path): boolean {
    const keys = axis.targets.map((target, t) => `${axis.targetArms[t]}|${pathKey(target)}`);
    for (const key of keys) {
      const previous = this.sweptAt.get(key);
      if (previous !== undefined) {
        this.problems.push({ path: problemPath, atKey: true, message: `this field is already swept by ${previous}` });
        return false;
      }
    }
    for (const key of keys) this.sweptAt.set(key, where);
    this.axes.push(axis);
    return true;
  }

  /** The lists written in place of one value, inside a value of `type` (recursing into nested mappings). */
  inline(type: ParamType, raw: unknown, target: Path, source: Path, arm: number | undefined): void {
    const params = paramsOf(type, raw);
    if (!params || !isPlainObject(raw)) return;
    for (const [key, value] of Object.entries(raw)) {
      if (type.type === 'section' && key === 'kind' && Array.isArray(value) && target[0] === 'model') {
        // model.kind: [mlp, linearized] compares a network with its linearization, everything else equal.
        const kindSource = [...source, key];
        const points = value.map((v, k) => ({ values: [v], sources: [[...kindSource, k]] }));
        this.add({ targets: [[...target, key]], targetArms: [arm], points, arm }, formatPath(kindSource), kindSource);
        continue;
      }
      const spec = ownParam(params, key);
      if (!spec) continue;
      const valueSource = [...source, key];
      if (!isSweep(value, spec)) {
        this.inline(spec.type, value, [...target, key], valueSource, arm);
        continue;
      }
      // An empty list is still an axis: it gives no runs, so nothing else is reported about it.
      if (value.length === 0) this.problems.push({ path: valueSource, message: 'expected a non-empty list of values to sweep, got []' });
      const points = value.map((v, k) => ({ values: [v], sources: [[...valueSource, k]] }));
      this.add({ targets: [[...target, key]], targetArms: [arm], points, arm }, formatPath(valueSource), valueSource);
    }
  }

  /** The field a grid or zip key names, or a problem at that key. */
  target(entry: AxisEntry, section: 'grid' | 'zip'): { target: Path; arm?: number } | undefined {
    const problem = (message: string, hint?: string): undefined => {
      this.problems.push({ path: [section, entry.key], atKey: true, message, ...(hint ? { hint } : {}) });
      return undefined;
    };
    const path = parsePath(entry.key);
    if (!path) return problem(`expected a dotted path such as train.batch_size or optimizers[0].lr, got "${entry.key}"`);
    let target = path;
    let arm: Record<string, unknown> | undefined;
    let armIndex: number | undefined;
    if (path[0] === 'optimizers') {
      armIndex = typeof path[1] === 'number' ? path[1] : undefined;
      arm = this.frame.arms.find((a) => a.index === armIndex)?.raw;
      if (!arm) return problem(`expected optimizers[<index of an arm>].<field>, got "${entry.key}"`);
      target = ['optimizer', ...path.slice(2)];
    }
    const named =
      target.length >= 2 &&
      ['data', 'model', 'train', 'metrics', 'optimizer'].includes(target[0] as string) &&
      target.every((s) => typeof s === 'string')
        ? nodeAt(runRootType(), rawRun(this.frame, arm), target)
        : undefined;
    if (named?.node === 'kind') return problem('a kind cannot be swept: write one arm (or one config) per kind');
    if (!named?.spec) return problem(`expected the path of a field to sweep, got "${entry.key}"`, didYouMean(entry.key, this.candidates()));
    if (named.spec.sweepable === false) return problem(`${entry.key} is a label and cannot be swept`);
    return { target, arm: armIndex };
  }

  private candidates(): string[] {
    const root = runRootType().fields;
    return [
      ...sweepablePaths(root.data.type, this.frame.data, 'data'),
      ...sweepablePaths(root.model.type, this.frame.model, 'model'),
      ...sweepablePaths(root.train.type, this.frame.train, 'train'),
      ...sweepablePaths(root.metrics.type, this.frame.metrics, 'metrics'),
      ...this.frame.arms.flatMap((a) => sweepablePaths(root.optimizer.type, a.raw, `optimizers[${a.index}]`)),
    ];
  }

  grid(entry: AxisEntry): void {
    const found = this.target(entry, 'grid');
    if (!found) return;
    const points = entry.values.map((v, k) => ({ values: [v], sources: [['grid', entry.key, k]] }));
    this.add({ targets: [found.target], targetArms: [found.arm], points, arm: found.arm }, `grid: ${entry.key}`, ['grid', entry.key]);
  }

  zip(entries: AxisEntry[]): void {
    if (entries.length === 0) return;
    const found = entries.map((e) => this.target(e, 'zip'));
    const resolved = found.filter((f) => f !== undefined);
    const length = entries[0].values.length;
    let ok = resolved.length === entries.length;
    for (const entry of entries.slice(1)) {
      if (entry.values.length !== length) {
        ok = false;
        this.problems.push({
          path: ['zip', entry.key],
          atKey: true,
          message: `expected ${length} values, as many as ${entries[0].key} (zip pairs its lists entry by entry), got ${entry.values.length}`,
        });
      }
    }
    // Paths in one arm and shared paths may be zipped together (e.g. lr with model.output_scale): the axis
    // then multiplies every arm's runs and sets each arm path in its own arm's runs only.
    const shared = resolved.some((f) => f.arm === undefined);
    const arms = new Set(resolved.map((f) => f.arm).filter((a) => a !== undefined));
    if (!shared && arms.size > 1) {
      ok = false;
      this.problems.push({
        path: ['zip'],
        atKey: true,
        message: 'expected the zip paths inside optimizers to name one arm (or to be zipped with a shared path), got several arms',
      });
    }
    if (!ok) return;
    const points = Array.from({ length }, (_, k) => ({
      values: entries.map((e) => e.values[k]),
      sources: entries.map((e) => ['zip', e.key, k]),
    }));
    const targets = resolved.map((f) => f.target);
    const targetArms = resolved.map((f) => f.arm);
    this.add({ targets, targetArms, points, arm: shared ? undefined : resolved[0].arm }, `zip: ${entries.map((e) => e.key).join(', ')}`, ['zip']);
  }
}

/**
 * Every sweep axis of the frame, in a stable order: lists in data, model, train, metrics, then in each arm,
 * then grid entries, then the zip. Problems: empty lists, bad or unknown grid/zip paths, zip lists
 * of unequal length, a field swept twice.
 */
export function findAxes(frame: Frame): { axes: Axis[]; problems: FieldProblem[] } {
  const collector = new AxisCollector(frame);
  const root = runRootType().fields;
  for (const section of ['data', 'model', 'train', 'metrics'] as const) {
    collector.inline(root[section].type, frame[section], [section], [section], undefined);
  }
  for (const arm of frame.arms) collector.inline(root.optimizer.type, arm.raw, ['optimizer'], ['optimizers', arm.index], arm.index);
  for (const entry of frame.grid) collector.grid(entry);
  collector.zip(frame.zip);
  return { axes: collector.axes, problems: collector.problems };
}

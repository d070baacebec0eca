// Sweep expansion (SPEC.md §2): runs = arms x (product of the axes that apply to the arm) x seeds,
// each run's values put in place of the lists, remembering where every chosen value was written.
import { builtinCatalog } from '../config/catalog.js';
import { kindSpecOf } from '../config/catalogWalk.js';
import type { ModelKindSpec, OptimizerKindSpec } from '../config/catalogTypes.js';
import type { Arm, Frame } from '../config/frame.js';
import { isPlainObject, isPrefix, pathKey, type Path } from '../config/paths.js';
import type { Axis } from './axes.js';

/** One run as written, before validation. */
export interface ExpandedRun {
  armIndex: number;
  seedIndex: number;
  /** { seed, data, model, train, metrics, optimizer } with this run's sweep values in place. */
  raw: Record<string, unknown>;
  /** The axes of this run's arm, in plan order: its swept fields. */
  axes: Axis[];
  /** [path in the run, where its value was written] for every value that is not at its own place. */
  origins: [Path, Path][];
}

const BATCH_SIZE: Path = ['train', 'batch_size'];

/**
 * Full-batch optimizers (gd, precond-gd) always run with batch_size "full": a batch size written in
 * `train` or swept by the config applies to the other arms, and does not multiply this arm's runs.
 */
function isFullBatch(arm: Record<string, unknown>): boolean {
  return (kindSpecOf(builtinCatalog.optimizer, arm) as OptimizerKindSpec | undefined)?.fullBatch === true;
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  let parent: Record<string | number, unknown> = root;
  for (const segment of path.slice(0, -1)) {
    if (parent[segment] === undefined) parent[segment] = {};
    const next = parent[segment];
    // A section that is not a mapping is reported by the schema; there is no place to put the value.
    if (!isPlainObject(next)) return;
    parent = next;
  }
  parent[path[path.length - 1]] = value;
}

/** Every combination of one index per axis, the last axis varying fastest (none if an axis is empty). */
function* indexProduct(sizes: number[]): Generator<number[]> {
  if (sizes.includes(0)) return;
  const index = sizes.map(() => 0);
  while (true) {
    yield [...index];
    let digit = sizes.length - 1;
    while (digit >= 0 && ++index[digit] === sizes[digit]) index[digit--] = 0;
    if (digit < 0) return;
  }
}

interface ArmPlan {
  /** The axes this arm's runs record as swept. */
  swept: Axis[];
  /** The axes that multiply this arm's runs (a full-batch arm skips batch_size axes). */
  varying: Axis[];
  fullBatch: boolean;
}

function armPlan(arm: Arm, axes: Axis[]): ArmPlan {
  const fullBatch = isFullBatch(arm.raw);
  const swept = axes.filter((a) => a.arm === undefined || a.arm === arm.index);
  const onlyBatchSize = (a: Axis) => a.targets.every((t) => pathKey(t) === pathKey(BATCH_SIZE));
  return { swept, varying: fullBatch ? swept.filter((a) => !onlyBatchSize(a)) : swept, fullBatch };
}

const MODEL_KIND: Path = ['model', 'kind'];

/**
 * The model keys a run leaves out: when model.kind is swept, those its own kind's `leavesOut` names (infinite-ntk
 * has no width); none otherwise, so that such a key written for that kind alone is an unknown key.
 */
function leftOutKeys(frame: Frame, varying: Axis[], point: number[]): ReadonlySet<string> {
  const kindAxis = varying.findIndex((a) => a.targets.some((t) => pathKey(t) === pathKey(MODEL_KIND)));
  if (kindAxis < 0) return new Set();
  const axis = varying[kindAxis];
  const kind = axis.points[point[kindAxis]].values[axis.targets.findIndex((t) => pathKey(t) === pathKey(MODEL_KIND))];
  const spec = builtinCatalog.model.kinds.find((k) => k.kind === kind) as ModelKindSpec | undefined;
  return new Set(spec?.leavesOut ?? []);
}

/** Whether every field an axis sets is a model key the run leaves out: then it does not multiply the run. */
function leftOutAxis(axis: Axis, leftOut: ReadonlySet<string>): boolean {
  return leftOut.size > 0 && axis.targets.every((t) => t.length === 2 && t[0] === 'model' && leftOut.has(t[1] as string));
}

/**
 * The points of an arm's varying axes that give runs, with the model keys each leaves out: a point is skipped
 * when an axis its kind leaves out is not at its first value (one infinite-ntk run, not one per width).
 */
function* runPoints(frame: Frame, varying: Axis[]): Generator<{ point: number[]; leftOut: ReadonlySet<string> }> {
  for (const point of indexProduct(varying.map((a) => a.points.length))) {
    const leftOut = leftOutKeys(frame, varying, point);
    if (varying.some((axis, a) => point[a] !== 0 && leftOutAxis(axis, leftOut))) continue;
    yield { point, leftOut };
  }
}

/** How many runs the frame expands to (computed without building them). */
export function countRuns(frame: Frame, axes: Axis[]): number {
  return frame.arms.reduce((total, arm) => {
    const { varying } = armPlan(arm, axes);
    // A kind that leaves keys out makes the count depend on the points; without a swept kind it is a product.
    const sweepsKind = varying.some((a) => a.targets.some((t) => pathKey(t) === pathKey(MODEL_KIND)));
    const points = sweepsKind ? [...runPoints(frame, varying)].length : varying.reduce((n, a) => n * a.points.length, 1);
    return total + points * frame.seeds.length;
  }, 0);
}

/** The runs of the frame: arm by arm, then the product of the arm's axes (first axis slowest), then seeds. */
export function expandRuns(frame: Frame, axes: Axis[]): ExpandedRun[] {
  const runs: ExpandedRun[] = [];
  for (const arm of frame.arms) {
    const { swept, varying, fullBatch } = armPlan(arm, axes);
    for (const { point, leftOut } of runPoints(frame, varying)) {
      frame.seeds.forEach((seed, seedIndex) => {
        const raw: Record<string, unknown> = structuredClone({
          seed,
          data: frame.data,
          model: frame.model,
          train: frame.train,
          metrics: frame.metrics,
          optimizer: arm.raw,
        });
        const origins: [Path, Path][] = [];
        varying.forEach((axis, a) => {
          if (leftOutAxis(axis, leftOut)) return;
          const { values, sources } = axis.points[point[a]];
          axis.targets.forEach((target, t) => {
            if (axis.targetArms[t] !== undefined && axis.targetArms[t] !== arm.index) return;
            setAt(raw, target, structuredClone(values[t]));
            origins.push([target, sources[t]]);
          });
        });
        if (fullBatch) {
          setAt(raw, BATCH_SIZE, 'full');
          origins.push([BATCH_SIZE, ['optimizers', arm.index, 'kind']]);
        }
        const model = raw.model as Record<string, unknown>;
        for (const key of leftOut) delete model[key];
        runs.push({ armIndex: arm.index, seedIndex, raw, axes: swept.filter((axis) => !leftOutAxis(axis, leftOut)), origins });
      });
    }
  }
  return runs;
}

/** Where the value at `runPath` of a run was written in the config. */
export function sourcePathOf(run: ExpandedRun, runPath: Path): Path {
  let best: [Path, Path] | undefined;
  for (const origin of run.origins) {
    if (isPrefix(origin[0], runPath) && (!best || origin[0].length > best[0].length)) best = origin;
  }
  if (best) return [...best[1], ...runPath.slice(best[0].length)];
  if (runPath[0] === 'optimizer') return ['optimizers', run.armIndex, ...runPath.slice(1)];
  if (runPath[0] === 'seed') return ['seeds', run.seedIndex];
  return runPath;
}

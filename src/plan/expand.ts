// Sweep expansion (SPEC.md §2): runs = arms x (product of the axes that apply to the arm) x seeds,
// each run's values put in place of the lists, remembering where every chosen value was written.
import { builtinCatalog } from '../config/catalog.js';
import { kindSpecOf } from '../config/catalogWalk.js';
import type { OptimizerKindSpec } from '../config/catalogTypes.js';
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

/** How many runs the frame expands to (computed without building them). */
export function countRuns(frame: Frame, axes: Axis[]): number {
  return frame.arms.reduce((total, arm) => {
    const { varying } = armPlan(arm, axes);
    return total + varying.reduce((n, a) => n * a.points.length, 1) * frame.seeds.length;
  }, 0);
}

/** The runs of the frame: arm by arm, then the product of the arm's axes (first axis slowest), then seeds. */
export function expandRuns(frame: Frame, axes: Axis[]): ExpandedRun[] {
  const runs: ExpandedRun[] = [];
  for (const arm of frame.arms) {
    const { swept, varying, fullBatch } = armPlan(arm, axes);
    for (const point of indexProduct(varying.map((a) => a.points.length))) {
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
        runs.push({ armIndex: arm.index, seedIndex, raw, axes: swept, origins });
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

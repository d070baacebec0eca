// How many runs of one shape train as one cohort, from the memory a step holds and the dispatch cost it shares,
// and the refusal of a run too large for the backend at all (SPEC §1 exit 2: nothing is trained).
import type { RunConfig } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { UserError } from '../lib/errors.js';
import { formatBytes, memoryLimit, TYPED_ARRAY_MAX_ELEMENTS } from '../lib/backendMemory.js';
import {
  backendSpeed,
  flopsPerStep,
  largestTensorElements,
  opsPerStep,
  runFloats,
  runShapeOf,
  sharedFloats,
  type RunShape,
} from './stepCost.js';

/** Most runs trained as one computation: past a few dozen, per-op costs are already shared out. */
export const MAX_COHORT_RUNS = 256;
/**
 * Float32 values a cohort's step may hold at once: 256 Mi floats = 1 GiB, a quarter of the wasm heap (which
 * corrupts rather than fails when full, src/lib/backendMemory.ts), leaving room for the estimate's
 * error and the allocator's fragmentation; at most a quarter of a smaller backend limit.
 */
export const COHORT_FLOAT_BUDGET = 256 * 2 ** 20;
/**
 * Share of a cohort's step time that dispatch may take after a split: a cohort is cut into pieces only when
 * each piece still spends at least 95% of its time on arithmetic, so a split costs a sweep on one process at
 * most ~5%, and lets several workers share the runs.
 */
export const DISPATCH_SHARE = 0.05;

/**
 * Largest cohort the memory budget holds: the data once, then each run's peak floats (stepCost.ts's
 * runFloats); no tensor of the cohort beyond a typed array's reach.
 */
export function memoryBoundRuns(shape: RunShape, data: Dataset, backend: string): number {
  const budget = Math.min(COHORT_FLOAT_BUDGET, memoryLimit(backend).bytes / 4 / 4);
  const byBudget = Math.floor((budget - sharedFloats(data)) / runFloats(shape).total);
  const byTensor = Math.floor(TYPED_ARRAY_MAX_ELEMENTS / largestTensorElements(shape));
  return Math.max(1, Math.min(byBudget, byTensor));
}

/**
 * Smallest cohort whose step spends no more than DISPATCH_SHARE of its time dispatching ops: a step of k runs
 * takes ops c + k F / R (stepCost.ts), and ops c / (ops c + k F / R) <= s when k >= ops c (1 - s) / (s F / R).
 * Small models never get there (a linear run on 32 features needs ~23,000 runs), so their cohorts are never
 * split for speed; an MLP 784-256-256-10 at batch 128 gets there at 2 runs.
 */
export function dispatchBoundRuns(shape: RunShape, backend: string): number {
  const speed = backendSpeed(backend);
  const dispatch = opsPerStep(shape) * speed.secondsPerOp;
  const arithmetic = flopsPerStep(shape) / speed.flopsPerSecond;
  return Math.max(1, Math.ceil((dispatch * (1 - DISPATCH_SHARE)) / (DISPATCH_SHARE * arithmetic)));
}

/**
 * K = min(MAX_COHORT_RUNS, K_mem, K_dispatch). It does not depend on --jobs: on wasm a run's float32 rounding
 * depends on its cohort's size (the layout of its products), and --jobs 2 must give --jobs 1's curves. Big
 * runs are cut to K_dispatch anyway, which gives the workers pieces to share.
 */
export function cohortCapacity(config: RunConfig, data: Dataset, backend: string): number {
  const shape = runShapeOf(config, data);
  return Math.min(MAX_COHORT_RUNS, memoryBoundRuns(shape, data, backend), dispatchBoundRuns(shape, backend));
}

/** The config field that makes a run big, and what to do about it. */
function largestCause(config: RunConfig, shape: RunShape): { field: string; advice: string } {
  const floats = runFloats(shape);
  if (floats.kernel > floats.parameters + floats.activations + floats.ntk) {
    return { field: 'data.n_train', advice: 'reduce the training (or test) set: infinite-ntk holds its (n_train + n_test) x n_train kernel' };
  }
  if (floats.ntk > floats.parameters && floats.ntk > floats.activations) {
    return config.metrics.ntk?.predict
      ? { field: 'metrics.ntk.predict', advice: 'reduce data.n_train, or set metrics.ntk.predict: false' }
      : { field: 'metrics.ntk.points', advice: 'reduce metrics.ntk.points' };
  }
  if (floats.parameters >= floats.activations) {
    return config.model.kind === 'linear' || config.model.kind === 'ridge'
      ? { field: 'dim' in config.data ? 'data.dim' : 'data', advice: 'reduce the number of input features' }
      : { field: 'model.hidden', advice: 'reduce the width' };
  }
  return shape.batchRows >= shape.evalRows
    ? { field: 'train.batch_size', advice: 'reduce the batch size' }
    : { field: 'data.n_train', advice: 'reduce the training (or test) set' };
}

/**
 * Throws a UserError when one run of this config cannot fit the backend at all: its peak floats beyond the
 * backend's memory, or one tensor beyond a typed array. `source` names the config file(s).
 */
export function assertRunFits(config: RunConfig, data: Dataset, backend: string, source: string): void {
  const shape = runShapeOf(config, data);
  const floats = runFloats(shape);
  const bytes = 4 * (floats.total + sharedFloats(data));
  const limit = memoryLimit(backend);
  const largest = largestTensorElements(shape);
  if (bytes <= limit.bytes && largest <= TYPED_ARRAY_MAX_ELEMENTS) return;
  const { field, advice } = largestCause(config, shape);
  const parts =
    `P = ${shape.params.toExponential(1).replace('e+', 'e')} parameters: ${formatBytes(4 * floats.parameters)} with gradients, copies and optimizer state; ` +
    `activations ${formatBytes(4 * floats.activations)}`;
  if (bytes > limit.bytes) {
    throw new UserError(`${source}: ${field}: one run needs ~${formatBytes(bytes)} of tensors (${parts}), more than ${limit.description}; ${advice}`);
  }
  throw new UserError(
    `${source}: ${field}: one run has a tensor of ${largest.toExponential(1).replace('e+', 'e')} elements, more than a typed array holds (2^32); ${advice}`,
  );
}

// How many runs of one shape fit in one cohort: bounded by the tensors a step holds at once.
import type { Dataset } from '../data/types.js';
import type { RunConfig } from '../config/types.js';

/** Most runs trained as one computation, whatever their size (beyond it, per-op costs no longer dominate). */
export const MAX_COHORT_RUNS = 256;
/** Float32 values a cohort's step may hold at once: 64 Mi floats = 256 MiB. */
export const COHORT_FLOAT_BUDGET = 64 * 2 ** 20;

/**
 * Largest K such that K runs' parameters (with optimizer state, gradients and a copy: ~6 floats each)
 * and their gathered minibatches (B x (d + o), kept for backprop ~3 times) fit the float budget.
 */
export function cohortCapacity(config: RunConfig, data: Dataset): number {
  const params = data.dim * data.outputs + data.outputs;
  const batch = config.train.batch_size === 'full' ? 0 : config.train.batch_size * (data.dim + data.outputs);
  const perRun = 6 * params + 3 * batch + 3 * data.nTrain * data.outputs;
  return Math.max(1, Math.min(MAX_COHORT_RUNS, Math.floor(COHORT_FLOAT_BUDGET / perRun)));
}

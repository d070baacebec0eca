// How many XNNPACK threads the wasm backend of a process that trains alone gets: one per core when the sweep's
// products are big enough for threads to pay, else one (docs/performance.md, "Threads").
import type { Dataset } from '../data/types.js';
import { groupCohorts } from '../plan/cohorts.js';
import type { PlannedRun } from '../plan/types.js';
import { datasetKey } from './loadRunData.js';
import { backendSpeed, flopsPerStep, runShapeOf } from './stepCost.js';

/**
 * Multiply-adds from which one product is split between threads usefully: XNNPACK splits a product by tiles of its
 * output, and below ~2^20 multiply-adds (~0.1 ms on one thread) waking the other threads costs about what it saves.
 */
export const MIN_THREADED_MULTIPLY_ADDS = 2 ** 20;

/** Seconds of products, on one thread, from which the start of the thread pool (~0.3 s: 8 Workers) pays. */
export const MIN_THREADED_SECONDS = 2;

/** tfjs-wasm's pool has at most 8 threads. */
const MAX_THREADS = 8;

/** Multiply-adds of the largest product of a run's step: its minibatch times its largest weight matrix. */
function largestProduct(run: PlannedRun, data: Dataset): number {
  const { model, train } = run.config;
  const hidden = model.kind === 'linear' || model.kind === 'ridge' ? [] : model.hidden;
  const widths = [data.dim, ...hidden, data.outputs];
  let largest = 0;
  for (let l = 1; l < widths.length; l++) largest = Math.max(largest, widths[l - 1] * widths[l]);
  return (train.batch_size === 'full' ? data.nTrain : train.batch_size) * largest;
}

/**
 * XNNPACK threads for the wasm backend of this process, given the runs it will train, the cores it has and the
 * `jobs` it may use: `cores` (at most 8) when it is the only trainer (one cohort, or --jobs 1), some run multiplies
 * matrices of at least MIN_THREADED_MULTIPLY_ADDS, and the products add up to at least MIN_THREADED_SECONDS on one
 * thread; otherwise 1. Worker processes of --jobs N always use one: they share the cores with each other.
 */
export function wasmThreadCount(runs: PlannedRun[], datasets: ReadonlyMap<string, Dataset>, jobs: number, cores: number): number {
  if (cores < 2 || runs.length === 0) return 1;
  if (Math.min(jobs, groupCohorts(runs, Number.MAX_SAFE_INTEGER).length) > 1) return 1;
  let bigProducts = false;
  let flops = 0;
  for (const run of runs) {
    const data = datasets.get(datasetKey(run))!;
    bigProducts ||= largestProduct(run, data) >= MIN_THREADED_MULTIPLY_ADDS;
    flops += run.config.train.steps * flopsPerStep(runShapeOf(run.config, data));
  }
  const seconds = flops / backendSpeed('wasm').flopsPerSecond;
  return bigProducts && seconds >= MIN_THREADED_SECONDS ? Math.min(cores, MAX_THREADS) : 1;
}

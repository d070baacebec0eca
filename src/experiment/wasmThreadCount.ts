// How many XNNPACK threads the wasm backend of a process that trains alone gets: one per core when the runs'
// products gain more from threads than their other ops lose, else one (docs/performance.md, "Threads").
import type { Dataset } from '../data/types.js';
import { groupCohorts } from '../plan/cohorts.js';
import type { PlannedRun } from '../plan/types.js';
import { datasetKey } from './loadRunData.js';
import { backendSpeed, flopsPerStep, opsPerStep, runShapeOf } from './stepCost.js';

/**
 * Share of a step's product time that a second thread saves: measured on the MLP 784-256-256-10 step (bench case
 * a), whose ~11 ms of products took 15.7 ms a step on one thread and 12.4 ms on two. Packing the right operand,
 * which XNNPACK does on one thread, is the part that does not split.
 */
export const THREAD_SAVED_SHARE = 0.3;

/** Seconds every op of a step loses waking the other threads: bench case b, 35 ops a step, 107 → 237 µs. */
export const THREAD_WAKE_SECONDS = 4e-6;

/** Seconds of net gain from which starting the threads (~0.25 s: the build starts 8 Workers) pays twice over. */
export const MIN_THREADED_GAIN_SECONDS = 0.5;

/** tfjs-wasm's pool has at most 8 threads. */
const MAX_THREADS = 8;

/**
 * XNNPACK threads for the wasm backend of this process, given the runs it will train, the cores it has and the
 * `jobs` it may use: `cores` (at most 8) when it is the only trainer (one cohort, or --jobs 1) and its runs gain at
 * least MIN_THREADED_GAIN_SECONDS from them, counting per step THREAD_SAVED_SHARE of the products' time on one
 * thread (stepCost.ts's flops at its wasm speed) against THREAD_WAKE_SECONDS for each of its ops, each run on its
 * own (a cohort shares its ops between its runs: the estimate errs towards one thread); otherwise 1. Worker
 * processes of --jobs N always use one: they share the cores with each other.
 */
export function wasmThreadCount(runs: PlannedRun[], datasets: ReadonlyMap<string, Dataset>, jobs: number, cores: number): number {
  if (cores < 2 || runs.length === 0) return 1;
  if (Math.min(jobs, groupCohorts(runs, Number.MAX_SAFE_INTEGER).length) > 1) return 1;
  const { flopsPerSecond } = backendSpeed('wasm');
  let gain = 0;
  for (const run of runs) {
    const shape = runShapeOf(run.config, datasets.get(datasetKey(run))!);
    const perStep = (THREAD_SAVED_SHARE * flopsPerStep(shape)) / flopsPerSecond - opsPerStep(shape) * THREAD_WAKE_SECONDS;
    gain += run.config.train.steps * perStep;
  }
  return gain >= MIN_THREADED_GAIN_SECONDS ? Math.min(cores, MAX_THREADS) : 1;
}

// Which steps of a cohort are logged and measured, and each run's learning rate at a step: the rules every
// trainer of a cohort follows (trainCohort.ts, trainInfiniteNtk.ts), so curve.csv, ntk.csv and sharpness.csv
// describe the same steps whatever the model kind.
import { scheduleMultiplier } from '../optim/schedule.js';
import type { PlannedRun } from '../plan/types.js';

export interface StepPlan {
  /** metrics.ntk's steps: 0, every `every`, and the last. */
  isNtkStep(k: number): boolean;
  /** metrics.sharpness's steps: 0, every `every`, and the last. */
  isSharpnessStep(k: number): boolean;
  /** curve.csv's steps: 0, every eval_every, the last, and every NTK or sharpness step (so the files agree). */
  isEvalStep(k: number): boolean;
  /** Each run's scheduled lr at update k (its own schedule: a cohort may mix them); step 0 reads update 1's. */
  lrAt(k: number): number[];
}

export function stepPlan(runs: PlannedRun[]): StepPlan {
  const { train, metrics } = runs[0].config;
  const every = (interval: number | undefined) => (k: number) =>
    interval !== undefined && (k === 0 || k === train.steps || k % interval === 0);
  const isNtkStep = every(metrics.ntk?.every);
  const isSharpnessStep = every(metrics.sharpness?.every);
  return {
    isNtkStep,
    isSharpnessStep,
    isEvalStep: (k) => k === 0 || k === train.steps || k % train.eval_every === 0 || isNtkStep(k) || isSharpnessStep(k),
    lrAt: (k) => runs.map((r) => r.config.optimizer.lr * scheduleMultiplier(r.config.train.schedule, Math.max(k, 1), train.steps)),
  };
}

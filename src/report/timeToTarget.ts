// Time to target: the first logged row of a run whose train_loss is at or below a target value.
import type { CurveRow } from '../output/types.js';

/** Where a run first reached the target, in steps and in wall time; Infinity for both when it never did. */
export interface TimeToTarget {
  steps: number;
  wall_ms: number;
}

/**
 * The step and wall_ms of the first curve row with train_loss ≤ `target`. The curve is logged every
 * `eval_every` steps, so the answer is the first logged step at or past the true crossing.
 */
export function timeToTarget(curve: readonly CurveRow[], target: number): TimeToTarget {
  const row = curve.find((candidate) => candidate.train_loss <= target);
  return row === undefined ? { steps: Infinity, wall_ms: Infinity } : { steps: row.step, wall_ms: row.wall_ms };
}

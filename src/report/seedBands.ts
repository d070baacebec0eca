// A group's curves reduced over seeds: at each logged step, the mean and the min–max band of a value, and the
// mean x (step, examples or wall time) at which the seeds logged it.
import { mean } from './stats.js';

/** A value one run logged at a step, with the x it is plotted against. */
export interface RunPoint {
  step: number;
  x: number;
  y: number;
}

/** The seeds of a group at one step. */
export interface BandPoint {
  /** Mean over the seeds that logged this step of their x (the same for all when x is step or examples). */
  x: number;
  mean: number;
  min: number;
  max: number;
  /** Seeds that logged a finite value at this step (fewer than the group's seeds once some have diverged). */
  n: number;
}

/**
 * Aligns the runs' points by step (seeds of one group share their logging steps; a diverged run stops early)
 * and reduces each step over the seeds that have a finite value there. Steps where none has one are left out.
 */
export function seedBand(runs: readonly (readonly RunPoint[])[]): BandPoint[] {
  const byStep = new Map<number, RunPoint[]>();
  for (const points of runs) {
    for (const point of points) {
      if (!Number.isFinite(point.y) || !Number.isFinite(point.x)) continue;
      byStep.set(point.step, [...(byStep.get(point.step) ?? []), point]);
    }
  }
  return [...byStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, points]) => {
      const ys = points.map((point) => point.y);
      return { x: mean(points.map((point) => point.x)), mean: mean(ys), min: Math.min(...ys), max: Math.max(...ys), n: ys.length };
    });
}

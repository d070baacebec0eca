// Performance profiles over several experiments (Dolan & Moré 2002, as AlgoPerf uses them): for each arm, the
// fraction of problems it solves within τ times the best arm's time to a target.
import { UsageError } from '../lib/errors.js';
import type { Experiment } from './experiment.js';
import { groupRuns } from './groups.js';
import { median } from './stats.js';
import { timeToTarget } from './timeToTarget.js';

/** How time to target is counted: optimizer steps, or wall time in ms. */
export const PROFILE_MEASURES = ['step', 'wall_ms'] as const;
export type ProfileMeasure = (typeof PROFILE_MEASURES)[number];

/** τ_max of AlgoPerf's benchmark score (Dahl et al. 2023, "Benchmarking Neural Network Training Algorithms"). */
export const SCORE_TAU_MAX = 4;

/** One arm on one problem: its best group's median time to target, and that time over the best arm's. */
export interface ProfileEntry {
  /** Median over seeds of the best group (an unreached seed counts as ∞); Infinity when it did not solve the problem. */
  time: number;
  /** r = t / min over arms of t (Infinity when unsolved). */
  ratio: number;
  /** The group (arm and swept values) whose time this is, null when the arm did not solve the problem. */
  bestGroup: string | null;
}

/** A point where an arm's ρ(τ) steps up (ρ is constant between points). */
export interface ProfilePoint {
  tau: number;
  rho: number;
}

export interface PerformanceProfile {
  target: number;
  measure: ProfileMeasure;
  /** Experiment names, in the order given. */
  problems: string[];
  /** Arm names, in order of first appearance. */
  arms: string[];
  /** entries[arm][problem]; an arm absent from a problem did not solve it. */
  entries: Record<string, Record<string, ProfileEntry>>;
  /** ρ_a(τ) at τ = 1 and at each ratio where it steps up, in increasing τ. */
  curves: Record<string, ProfilePoint[]>;
  /** (1 / (τ_max − 1)) ∫_1^τ_max ρ_a(τ) dτ with τ_max = SCORE_TAU_MAX: 1 = fastest on every problem, 0 = never within 4×. */
  score: Record<string, number>;
}

const UNSOLVED: ProfileEntry = { time: Infinity, ratio: Infinity, bestGroup: null };

/**
 * An arm's time on a problem is that of its best group (its best swept values: a tuned optimizer), each
 * group's time the median over its seeds, so a group solves the problem when more than half its seeds do.
 */
function armTimes(experiment: Experiment, target: number, measure: ProfileMeasure): Map<string, ProfileEntry> {
  const best = new Map<string, ProfileEntry>();
  for (const group of groupRuns(experiment.runs)) {
    const times = group.runs.map((run) => timeToTarget(run.record.curve, target));
    const time = median(times.map((entry) => (measure === 'step' ? entry.steps : entry.wall_ms)));
    const current = best.get(group.arm);
    if (current === undefined || time < current.time) {
      best.set(group.arm, { time, ratio: Infinity, bestGroup: time === Infinity ? null : group.label });
    }
  }
  return best;
}

/**
 * Dolan & Moré (2002): r_{p,a} = t_{p,a} / min_a' t_{p,a'} and ρ_a(τ) = |{p : r_{p,a} ≤ τ}| / |P|.
 * A problem no arm solves stays in |P| with r = ∞ for every arm.
 */
export function performanceProfile(experiments: readonly Experiment[], target: number, measure: ProfileMeasure = 'step'): PerformanceProfile {
  const problems = experiments.map((experiment) => experiment.name);
  const perProblem = experiments.map((experiment) => armTimes(experiment, target, measure));
  const arms = [...new Set(perProblem.flatMap((times) => [...times.keys()]))];
  const entries: Record<string, Record<string, ProfileEntry>> = Object.fromEntries(arms.map((arm) => [arm, {}]));
  perProblem.forEach((times, index) => {
    const fastest = Math.min(...[...times.values()].map((entry) => entry.time));
    if (fastest === 0) {
      throw new UsageError(`every ratio to the best time is undefined on ${problems[index]}: train_loss is at or below the target ${target} at step 0; choose a lower --target`);
    }
    for (const arm of arms) {
      const entry = times.get(arm) ?? UNSOLVED;
      const ratio = entry.time === Infinity ? Infinity : entry.time / fastest;
      entries[arm][problems[index]] = { ...entry, ratio };
    }
  });
  const curves: Record<string, ProfilePoint[]> = {};
  const score: Record<string, number> = {};
  for (const arm of arms) {
    const ratios = problems.map((problem) => entries[arm][problem].ratio);
    const rho = (tau: number) => ratios.filter((ratio) => ratio <= tau).length / problems.length;
    const steps = [...new Set(ratios.filter((ratio) => Number.isFinite(ratio) && ratio > 1))].sort((a, b) => a - b);
    curves[arm] = [1, ...steps].map((tau) => ({ tau, rho: rho(tau) }));
    // ρ is a step function, so the integral is exact: each problem solved at ratio r ≤ τ_max adds (τ_max − r).
    const area = ratios.reduce((sum, ratio) => sum + Math.max(0, SCORE_TAU_MAX - ratio), 0);
    score[arm] = area / ((SCORE_TAU_MAX - 1) * problems.length);
  }
  return { target, measure, problems, arms, entries, curves, score };
}

// The experiment summary: one row per group of seeds (arm + swept values), with mean ± sample std over
// seeds of the final and best losses (and accuracies), time to a target train_loss, divergences and
// speed, sorted so that the best group comes first.
import { UsageError } from '../lib/errors.js';
import { DIRECTION_FINAL_COLUMNS, NTK_FINAL_COLUMNS } from '../output/metricFinals.js';
import type { Experiment } from './experiment.js';
import { groupRuns, type RunGroup, type SweptValue } from './groups.js';
import { runValues } from './runValues.js';
import { mean, median, sampleStd } from './stats.js';
import { timeToTarget } from './timeToTarget.js';

/** Mean and sample std over the seeds of a group (std null for one seed). */
export interface SeedStats {
  mean: number;
  std: number | null;
  /** Seeds the statistics are over. */
  n: number;
}

/** When the runs of a group first reached the target train_loss; an unreached run counts as an infinite time. */
export interface TargetStats {
  steps_median: number;
  steps_mean: number;
  wall_ms_median: number;
  wall_ms_mean: number;
  /** Runs of the group that never logged train_loss ≤ target. */
  not_reached: number;
}

/** One row of the summary. */
export interface GroupSummary {
  arm: string;
  label: string;
  swept: Record<string, SweptValue>;
  seeds: number;
  /** Runs of the group that diverged. */
  diverged: number;
  /**
   * By summary.csv's column names: final_train_loss, best_train_loss, final_test_loss, best_test_loss, the
   * accuracies when logged, and the NTK (final_kernel_rel_change, ...) and direction finals when measured.
   */
  metrics: Record<string, SeedStats>;
  /** Null without --target. */
  target: TargetStats | null;
  steps_per_second: SeedStats;
}

/** The summary of one experiment. */
export interface ExperimentSummary {
  name: string;
  /** The fields that tell groups apart (dotted paths, from the runs' configs), the seed excluded. */
  sweptFields: string[];
  /** Metric columns present, in order (accuracies only for classification runs). */
  metricNames: string[];
  /** The target train_loss, null when none was asked for. */
  target: number | null;
  /** The key the groups are sorted by, best first. */
  sortKey: SummarySortKey;
  groups: GroupSummary[];
}

/** Final and best (lowest) losses: the columns every summary has. */
const LOSS_METRICS = ['final_train_loss', 'best_train_loss', 'final_test_loss', 'best_test_loss'] as const;
/** Final and best (highest) accuracies, present when the runs logged them. */
const ACCURACY_METRICS = ['final_train_acc', 'best_train_acc', 'final_test_acc', 'best_test_acc'] as const;

/** What the summary can be sorted by: a metric's mean, a target time's median, the divergence count or the speed. */
export const SUMMARY_SORT_KEYS = [
  ...LOSS_METRICS, ...ACCURACY_METRICS, ...NTK_FINAL_COLUMNS, ...DIRECTION_FINAL_COLUMNS, 'steps_to_target', 'wall_ms_to_target', 'diverged', 'steps_per_second',
] as const;
export type SummarySortKey = (typeof SUMMARY_SORT_KEYS)[number];

/** Default order: by mean final test loss, as a held-out score (DeepOBS ranks by final test performance). */
export const DEFAULT_SORT_KEY: SummarySortKey = 'final_test_loss';

/** Keys where a larger value comes first (kernel alignment: the lazier, like the lower drifts). */
const HIGHER_IS_BETTER: ReadonlySet<SummarySortKey> = new Set([...ACCURACY_METRICS, 'final_kernel_alignment', 'steps_per_second']);

function seedStats(values: readonly number[]): SeedStats {
  return { mean: mean(values), std: sampleStd(values), n: values.length };
}

function targetStats(group: RunGroup, target: number): TargetStats {
  const times = group.runs.map((run) => timeToTarget(run.record.curve, target));
  const steps = times.map((time) => time.steps);
  const wallMs = times.map((time) => time.wall_ms);
  return {
    steps_median: median(steps),
    steps_mean: mean(steps),
    wall_ms_median: median(wallMs),
    wall_ms_mean: mean(wallMs),
    not_reached: steps.filter((step) => step === Infinity).length,
  };
}

function summarizeGroup(group: RunGroup, metricNames: readonly string[], target: number | null): GroupSummary {
  // summary.csv's per-run final/best values (output/summary.ts) and NTK/direction finals, gathered over the group's seeds.
  const perRun = group.runs.map(runValues);
  const metrics: Record<string, SeedStats> = {};
  for (const name of metricNames) {
    metrics[name] = seedStats(perRun.map((row) => row[name]).filter((value): value is number => typeof value === 'number'));
  }
  return {
    arm: group.arm,
    label: group.label,
    swept: group.swept,
    seeds: group.runs.length,
    diverged: group.runs.filter((run) => run.record.status === 'diverged').length,
    metrics,
    target: target === null ? null : targetStats(group, target),
    steps_per_second: seedStats(group.runs.map((run) => run.record.steps_per_second)),
  };
}

/** The value a group is ranked by under `key`. */
export function sortValue(group: GroupSummary, key: SummarySortKey): number {
  switch (key) {
    case 'steps_to_target': return group.target?.steps_median ?? Number.NaN;
    case 'wall_ms_to_target': return group.target?.wall_ms_median ?? Number.NaN;
    case 'diverged': return group.diverged;
    case 'steps_per_second': return group.steps_per_second.mean;
    default: return group.metrics[key]?.mean ?? Number.NaN;
  }
}

/** Sorts best first under `key`; NaN (no value) last; ties keep the groups' arm/swept order. */
function sortGroups(groups: GroupSummary[], key: SummarySortKey): GroupSummary[] {
  const sign = HIGHER_IS_BETTER.has(key) ? -1 : 1;
  return [...groups].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
    if (x === y) return 0;
    return sign * (x < y ? -1 : 1);
  });
}

export interface SummarizeOptions {
  /** Target train_loss for the time-to-target columns; none when absent. */
  target?: number;
  /** Default DEFAULT_SORT_KEY. */
  sortKey?: SummarySortKey;
}

/** Summarizes an experiment's groups of seeds, best first. */
export function summarizeExperiment(experiment: Experiment, options: SummarizeOptions = {}): ExperimentSummary {
  const sortKey = options.sortKey ?? DEFAULT_SORT_KEY;
  const target = options.target ?? null;
  if ((sortKey === 'steps_to_target' || sortKey === 'wall_ms_to_target') && target === null) {
    throw new UsageError(`sorting by ${sortKey} needs --target`);
  }
  const logged = (column: 'train_acc' | 'test_acc') => experiment.runs.some((run) => run.record.curve.some((row) => row[column] !== undefined));
  const metricNames: string[] = [
    ...LOSS_METRICS,
    ...ACCURACY_METRICS.filter((name) => logged(name.endsWith('train_acc') ? 'train_acc' : 'test_acc')),
    // The last ntk.csv row's drift and the final errors along the extreme singular directions, when measured.
    ...(experiment.runs.some((run) => run.ntk !== null) ? NTK_FINAL_COLUMNS : []),
    ...(experiment.runs.some((run) => run.directions !== null) ? DIRECTION_FINAL_COLUMNS : []),
  ];
  const measuredOnly: readonly string[] = [...NTK_FINAL_COLUMNS, ...DIRECTION_FINAL_COLUMNS];
  if (!metricNames.includes(sortKey) && measuredOnly.includes(sortKey)) {
    const missing = sortKey.includes('error') ? 'singular directions (linear models on linear-regression data write directions.csv)' : 'NTK (set metrics.ntk)';
    throw new UsageError(`cannot sort by ${sortKey}: the runs of ${experiment.name} measured no ${missing}`);
  }
  if (!metricNames.includes(sortKey) && sortKey.endsWith('_acc')) {
    throw new UsageError(`cannot sort by ${sortKey}: the runs of ${experiment.name} logged no accuracy`);
  }
  const groups = groupRuns(experiment.runs).map((group) => summarizeGroup(group, metricNames, target));
  return {
    name: experiment.name,
    sweptFields: experiment.sweptFields,
    metricNames,
    target,
    sortKey,
    groups: sortGroups(groups, sortKey),
  };
}

// Hyperparameter sensitivity (as DeepOBS plots it for the learning rate): the final value of a metric against a
// swept optimizer hyperparameter (lr, weight_decay), one line per optimizer (and other swept values), mean over
// seeds with a min–max band; a value where a seed diverged is an ×. Against lr, a linear or ridge model's closed-form
// stability limit c / λ_max(H) is a vertical rule in its series' colour.
import type { CurveColumn } from '../../output/curveCsv.js';
import type { Experiment, ExperimentRun } from '../experiment.js';
import { groupRuns, labelWithCount } from '../groups.js';
import { mean } from '../stats.js';
import { stabilityConstant } from '../../theory/stabilityLimit.js';
import { metricName, metricTitle } from './axisTitles.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';
import { LR_RULE_TEXT } from './theoryLines.js';

/** The optimizer hyperparameters a sensitivity chart is drawn against, with how the chart names them. */
const HYPERPARAMETERS = {
  lr: { id: 'lr', title: 'learning rate', short: 'lr' },
  weight_decay: { id: 'weight-decay', title: 'weight decay', short: 'weight_decay' },
} as const;
export type SensitivityField = keyof typeof HYPERPARAMETERS;

/** A run's value of `field` (absent: 0, as the optimizers default it: no decay). */
function valueOf(run: ExperimentRun, field: SensitivityField): number {
  const optimizer = run.record.config.optimizer as unknown as Record<string, unknown>;
  return typeof optimizer[field] === 'number' ? optimizer[field] : 0;
}

/** The runs of a series split by their (resolved) value, increasing; 0 (a control) has no place on a log axis. */
function byValue(runs: readonly ExperimentRun[], field: SensitivityField): [number, ExperimentRun[]][] {
  const groups = new Map<number, ExperimentRun[]>();
  for (const run of runs) {
    const value = valueOf(run, field);
    if (value === 0) continue;
    groups.set(value, [...(groups.get(value) ?? []), run]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

/**
 * λ_max(H) of a linear or ridge run, as its directions.csv recorded it (theory/linearHessian.ts computed it from the
 * data at training time), or null for a run without it.
 */
function hessianLambdaMax(run: ExperimentRun): number | null {
  const eigenvalues = (run.directions ?? []).map((row) => row.hessian_eigenvalue).filter((value): value is number => value !== null);
  return eigenvalues.length === 0 ? null : Math.max(...eigenvalues);
}

/**
 * The largest stable lr of a series, c / λ_max(H) (c: the optimizer's stability constant, 2 for gd), when every run
 * of it has λ_max(H) and its optimizer has a constant; the mean over runs (they differ only if the data do).
 */
function closedFormLrLimit(runs: readonly ExperimentRun[]): number | null {
  const limits = runs.map((run) => {
    const lambdaMax = hessianLambdaMax(run);
    const c = stabilityConstant(run.record.config.optimizer);
    return lambdaMax === null || c === null ? null : c / lambdaMax;
  });
  return limits.length === 0 || limits.includes(null) ? null : mean(limits as number[]);
}

/** The chart, or null when no arm was run at more than one value of `field` (there is then no sensitivity to show). */
export function sensitivityChart(experiment: Experiment, metric: CurveColumn, field: SensitivityField): Chart | null {
  const names = HYPERPARAMETERS[field];
  const seriesGroups = groupRuns(experiment.runs, { apart: [`optimizer.${field}`] });
  const perSeries = seriesGroups.map((group) => ({ group, values: byValue(group.runs, field) }));
  if (!perSeries.some(({ values }) => values.length > 1)) return null;
  const series: Series[] = [];
  const diverged: { series: string; x: number }[] = [];
  const rules: { series: string; x: number; label: string }[] = [];
  // A series run only at 0 (plain adam beside decaying arms) has no point on the log axis: the subtitle says so.
  for (const { group, values } of perSeries.filter(({ values }) => values.length > 0)) {
    // Seeds per value: a series pools several groups, one per value.
    const label = labelWithCount(group.label, values.map(([, runs]) => runs.length));
    const points = [];
    for (const [value, runs] of values) {
      if (runs.some((run) => run.record.status === 'diverged')) {
        diverged.push({ series: label, x: value });
        continue;
      }
      const finals = runs.map((run) => run.record.curve.at(-1)?.[metric]).filter((final): final is number => final !== undefined && Number.isFinite(final));
      if (finals.length === 0) continue;
      points.push({ x: value, mean: mean(finals), min: Math.min(...finals), max: Math.max(...finals), n: finals.length });
    }
    series.push({ label, arm: group.arm, points });
    const limit = field === 'lr' ? closedFormLrLimit(group.runs) : null;
    if (limit !== null) rules.push({ series: label, x: limit, label: `lr_max = c/λ_max(H) = ${limit.toPrecision(3)} (${group.label})` });
  }
  const loss = experiment.runs[0].record.config.train.loss;
  const values = new Set(experiment.runs.map((run) => valueOf(run, field)));
  const zeroNote = values.delete(0) ? `; ${names.short} = 0 is off the log axis (see summary.csv)` : '';
  const chart = bandChart({
    id: `${names.id}-sensitivity-${metric}`,
    title: `${experiment.name}: final ${metricName(metric)} vs ${names.title}`,
    // Short lines: Vega sizes a subtitle by an estimate, and a long line would squeeze the plot.
    subtitle: [
      'line: mean over seeds of the last logged value; band: min to max', `×: a seed diverged at this ${names.short}${zeroNote}`,
      ...(rules.length > 0 ? ['dashed rule: the closed-form stability limit c / λ_max(H) of the linear model'] : []),
    ],
    xTitle: names.title,
    yTitle: `final ${metricTitle(metric, loss)}`,
    xLog: true,
    // Ticks at the values tried, so each dot's value is read off the axis.
    xTicks: [...values].sort((a, b) => a - b),
    dots: true,
    series,
    topMarks: diverged,
    rules,
  });
  return rules.length === 0 ? chart : { ...chart, theory: [LR_RULE_TEXT] };
}

/** Final metric vs learning rate. */
export function lrSensitivityChart(experiment: Experiment, metric: CurveColumn): Chart | null {
  return sensitivityChart(experiment, metric, 'lr');
}

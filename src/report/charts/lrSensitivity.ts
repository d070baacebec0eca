// Learning-rate sensitivity (as DeepOBS plots it): the final value of a metric against lr, one line per
// optimizer (and other swept values), mean over seeds with a min–max band; an lr where a seed diverged is an ×.
import type { CurveColumn } from '../../output/curveCsv.js';
import type { Experiment, ExperimentRun } from '../experiment.js';
import { groupRuns, labelWithCount } from '../groups.js';
import { mean } from '../stats.js';
import { metricName, metricTitle } from './axisTitles.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';

/** The swept field that holds each arm's learning rate. */
const LR_FIELD = 'optimizer.lr';

/** The runs of a series split by their (resolved) lr, in increasing lr; lr = 0 (a control) has no place on a log axis. */
function byLearningRate(runs: readonly ExperimentRun[]): [number, ExperimentRun[]][] {
  const groups = new Map<number, ExperimentRun[]>();
  for (const run of runs) {
    const lr = run.record.config.optimizer.lr;
    if (lr === 0) continue;
    groups.set(lr, [...(groups.get(lr) ?? []), run]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

/** The chart, or null when no arm was run at more than one lr (there is then no sensitivity to show). */
export function lrSensitivityChart(experiment: Experiment, metric: CurveColumn): Chart | null {
  const seriesGroups = groupRuns(experiment.runs, { apart: [LR_FIELD] });
  const perSeries = seriesGroups.map((group) => ({ group, lrs: byLearningRate(group.runs) }));
  if (!perSeries.some(({ lrs }) => lrs.length > 1)) return null;
  const series: Series[] = [];
  const diverged: { series: string; x: number }[] = [];
  for (const { group, lrs } of perSeries) {
    // Seeds per lr: a series pools several groups, one per learning rate.
    const label = lrs.length === 0 ? group.label : labelWithCount(group.label, lrs.map(([, runs]) => runs.length));
    const points = [];
    for (const [lr, runs] of lrs) {
      if (runs.some((run) => run.record.status === 'diverged')) {
        diverged.push({ series: label, x: lr });
        continue;
      }
      const finals = runs.map((run) => run.record.curve.at(-1)?.[metric]).filter((value): value is number => value !== undefined && Number.isFinite(value));
      if (finals.length === 0) continue;
      points.push({ x: lr, mean: mean(finals), min: Math.min(...finals), max: Math.max(...finals), n: finals.length });
    }
    series.push({ label, arm: group.arm, points });
  }
  const loss = experiment.runs[0].record.config.train.loss;
  const lrs = new Set(experiment.runs.map((run) => run.record.config.optimizer.lr));
  const zeroLrNote = lrs.delete(0) ? '; lr = 0 is off the log axis (see summary.csv)' : '';
  return bandChart({
    id: `lr-sensitivity-${metric}`,
    title: `${experiment.name}: final ${metricName(metric)} vs learning rate`,
    // Short lines: Vega sizes a subtitle by an estimate, and a long line would squeeze the plot.
    subtitle: ['line: mean over seeds of the last logged value; band: min to max', `×: a seed diverged at this lr${zeroLrNote}`],
    xTitle: 'learning rate',
    yTitle: `final ${metricTitle(metric, loss)}`,
    xLog: true,
    // Ticks at the learning rates tried, so each dot's lr is read off the axis.
    xTicks: [...lrs].sort((a, b) => a - b),
    dots: true,
    series,
    topMarks: diverged,
  });
}

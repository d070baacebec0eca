// Which charts an experiment gets: curves and lr sensitivity for each metric, then NTK drift, the gap to the
// linearized network and direction errors when the runs wrote ntk.csv or directions.csv.
import { UsageError } from '../lib/errors.js';
import { CURVE_COLUMNS } from '../output/types.js';
import { OPTIONAL_CURVE_COLUMNS, type CurveColumn } from '../output/curveCsv.js';
import type { CurveXAxis } from './charts/axisTitles.js';
import type { Chart } from './charts/chart.js';
import { directionErrorsChart } from './charts/directionErrors.js';
import { lossCurvesChart } from './charts/lossCurves.js';
import { lrSensitivityChart } from './charts/lrSensitivity.js';
import { linGapChart } from './charts/linGap.js';
import { ntkDriftChart, ntkDriftVsScaleCharts } from './charts/ntkDrift.js';
import type { Experiment } from './experiment.js';
import { groupRuns } from './groups.js';

export interface ChartOptions {
  /**
   * curve.csv columns to draw; default: train_loss and test_loss, test_acc when the runs logged it, and
   * update_norm when they logged it and their optimizers differ in bias_correction (defaultMetrics).
   */
  metrics?: string[];
  /** What the curves are drawn against. Default step. */
  x?: CurveXAxis;
}

/** Columns a curve chart can show: every curve.csv column but `step`, which is an x axis. */
const PLOTTABLE: readonly string[] = [...CURVE_COLUMNS, ...OPTIONAL_CURVE_COLUMNS].filter((column) => column !== 'step');

/**
 * The metrics drawn when none are asked for. Bias correction's effect is on the step size, so an experiment whose
 * runs differ in `bias_correction` (some Adam with it, some without) also gets update_norm, where it shows.
 */
function defaultMetrics(experiment: Experiment, logged: (column: string) => boolean): CurveColumn[] {
  const corrections = new Set(experiment.runs.map((run) => {
    const optimizer = run.record.config.optimizer;
    return 'bias_correction' in optimizer ? optimizer.bias_correction : undefined;
  }));
  const comparesCorrection = corrections.has(true) && corrections.has(false);
  return [
    'train_loss', 'test_loss',
    ...(logged('test_acc') ? ['test_acc' as const] : []),
    ...(comparesCorrection && logged('update_norm') ? ['update_norm' as const] : []),
  ];
}

/** The metrics to draw, checked against what the runs logged; a UsageError names a metric they did not. */
export function chartMetrics(experiment: Experiment, metrics: readonly string[] | undefined): CurveColumn[] {
  const logged = (column: string) => experiment.runs.some((run) => run.record.curve.some((row) => row[column as CurveColumn] !== undefined));
  if (metrics === undefined || metrics.length === 0) return defaultMetrics(experiment, logged);
  for (const metric of metrics) {
    if (!PLOTTABLE.includes(metric)) throw new UsageError(`--metric takes a curve.csv column (${PLOTTABLE.join(', ')}); got "${metric}"`);
    if (!logged(metric)) throw new UsageError(`--metric ${metric}: no run of ${experiment.name} logged it`);
  }
  return metrics as CurveColumn[];
}

/** Every chart of one experiment, in the order the report shows them. */
export function experimentCharts(experiment: Experiment, options: ChartOptions = {}): Chart[] {
  const metrics = chartMetrics(experiment, options.metrics);
  const groups = groupRuns(experiment.runs);
  const charts: (Chart | null)[] = [
    ...metrics.map((metric) => lossCurvesChart(experiment.name, groups, metric, options.x ?? 'step')),
    ...metrics.map((metric) => lrSensitivityChart(experiment, metric)),
    ntkDriftChart(experiment),
    ...ntkDriftVsScaleCharts(experiment),
    linGapChart(experiment),
    directionErrorsChart(experiment),
  ];
  return charts.filter((chart): chart is Chart => chart !== null);
}

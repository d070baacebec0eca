// Which charts an experiment gets: curves and lr sensitivity for each metric, then NTK drift, the distance to the
// infinite-width kernel, the gap to the linearized network, direction errors and sharpness when the runs wrote
// ntk.csv, directions.csv or sharpness.csv; `--metric` may name ntk.csv and directions.csv columns too.
import { UsageError } from '../lib/errors.js';
import { CURVE_COLUMNS } from '../output/types.js';
import { OPTIONAL_CURVE_COLUMNS, type CurveColumn } from '../output/curveCsv.js';
import type { CurveXAxis } from './charts/axisTitles.js';
import type { Chart } from './charts/chart.js';
import { directionErrorsChart } from './charts/directionErrors.js';
import { kernelVsWidthChart } from './charts/kernelVsWidth.js';
import { lossCurvesChart } from './charts/lossCurves.js';
import { lrSensitivityChart, sensitivityChart } from './charts/sensitivity.js';
import { linGapChart } from './charts/linGap.js';
import { ntkColumnChart, NTK_PLOT_COLUMNS, type NtkPlotColumn } from './charts/ntkColumn.js';
import { ntkDriftChart, ntkDriftVsScaleCharts } from './charts/ntkDrift.js';
import { sharpnessCharts } from './charts/sharpness.js';
import type { Experiment } from './experiment.js';
import { groupRuns, type RunGroup } from './groups.js';

export interface ChartOptions {
  /**
   * curve.csv, ntk.csv or directions.csv columns to draw; default: train_loss and test_loss, test_acc when the
   * runs logged it, and update_norm when they logged it and their optimizers differ in bias_correction (defaultMetrics).
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

/** directions.csv's column a chart can show: the error along each singular direction (drawn by directionErrorsChart). */
const DIRECTION_PLOT_COLUMNS: readonly string[] = ['error'];

function isNtkColumn(metric: string): metric is NtkPlotColumn {
  return (NTK_PLOT_COLUMNS as readonly string[]).includes(metric);
}

/** The metrics to draw: curve.csv, ntk.csv or directions.csv columns, checked against what the runs logged (a UsageError otherwise). */
export function chartMetrics(experiment: Experiment, metrics: readonly string[] | undefined): string[] {
  const logged = (column: string) => experiment.runs.some((run) => run.record.curve.some((row) => row[column as CurveColumn] !== undefined));
  if (metrics === undefined || metrics.length === 0) return defaultMetrics(experiment, logged);
  for (const metric of metrics) {
    if (isNtkColumn(metric)) {
      if (!experiment.runs.some((run) => (run.ntk?.length ?? 0) > 0)) throw new UsageError(`--metric ${metric}: no run of ${experiment.name} wrote ntk.csv (set metrics.ntk)`);
    } else if (DIRECTION_PLOT_COLUMNS.includes(metric)) {
      if (!experiment.runs.some((run) => (run.directions?.length ?? 0) > 0)) {
        throw new UsageError(`--metric ${metric}: no run of ${experiment.name} wrote directions.csv (linear models on linear-regression data do)`);
      }
    } else if (!PLOTTABLE.includes(metric)) {
      throw new UsageError(
        `--metric takes a curve.csv column (${PLOTTABLE.join(', ')}), an ntk.csv column (${NTK_PLOT_COLUMNS.join(', ')}) or directions.csv's error; got "${metric}"`,
      );
    } else if (!logged(metric)) {
      throw new UsageError(`--metric ${metric}: no run of ${experiment.name} logged it`);
    }
  }
  return [...metrics];
}

/** The chart of one metric against step (or `x`, for curve.csv columns): its curves, its ntk.csv column or the direction errors. */
export function metricChart(experiment: Experiment, groups: readonly RunGroup[], metric: string, x: CurveXAxis): Chart | null {
  if (isNtkColumn(metric)) return ntkColumnChart(experiment, metric);
  if (DIRECTION_PLOT_COLUMNS.includes(metric)) return directionErrorsChart(experiment);
  return lossCurvesChart(experiment.name, groups, metric as CurveColumn, x);
}

/** Every chart of one experiment, in the order the report shows them. */
export function experimentCharts(experiment: Experiment, options: ChartOptions = {}): Chart[] {
  const metrics = chartMetrics(experiment, options.metrics);
  const curveMetrics = metrics.filter((metric) => PLOTTABLE.includes(metric)) as CurveColumn[];
  const groups = groupRuns(experiment.runs);
  const charts: (Chart | null)[] = [
    ...metrics.map((metric) => metricChart(experiment, groups, metric, options.x ?? 'step')),
    ...curveMetrics.map((metric) => lrSensitivityChart(experiment, metric)),
    // Weight decay swept (adamw-vs-l2): where each arm's decay is best, and how much it gains over none.
    ...curveMetrics.map((metric) => sensitivityChart(experiment, metric, 'weight_decay')),
    ntkDriftChart(experiment),
    ...ntkDriftVsScaleCharts(experiment),
    kernelVsWidthChart(experiment),
    linGapChart(experiment),
    directionErrorsChart(experiment),
    ...sharpnessCharts(experiment),
  ];
  // A chart asked for that a default one already is (the direction errors) is drawn once.
  const seen = new Set<string>();
  return charts.filter((chart): chart is Chart => chart !== null && !seen.has(chart.id) && Boolean(seen.add(chart.id)));
}

// How close the empirical NTK is to the infinite-width kernel (ntk.csv's kernel_vs_analytic = ‖K − Θ‖_F / ‖Θ‖_F)
// against the swept width, at init and at the end of training, on log-log axes with each line's fitted slope and
// the −1/2 reference of the kernel's fluctuations: wider networks start closer to their limit and stay closer.
import type { NtkRow } from '../../output/metricRows.js';
import type { Experiment, ExperimentRun } from '../experiment.js';
import { groupRuns, labelWithCount } from '../groups.js';
import { mean } from '../stats.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';
import { logLogSlope } from './logLogSlope.js';
import { coupledFields } from './ntkDrift.js';
import { WIDTH_REFERENCE_TEXT } from './theoryLines.js';

const WIDTH = 'model.width';
/** The reference exponent: the kernel's relative fluctuations fall as width^(−1/2). */
const REFERENCE_SLOPE = -0.5;

/** The ntk.csv rows of a run that compared with an analytic kernel. */
function analyticRows(run: ExperimentRun): (NtkRow & { kernel_vs_analytic: number })[] {
  return (run.ntk ?? []).filter((row): row is NtkRow & { kernel_vs_analytic: number } =>
    row.kernel_vs_analytic !== null && row.kernel_vs_analytic !== undefined && Number.isFinite(row.kernel_vs_analytic));
}

/** How a fitted slope reads in a subtitle: "sgd at init: slope −0.49". */
function slopeText(label: string, slope: number | null): string {
  return `${label}: slope ${slope === null ? 'n/a' : slope.toFixed(2).replace('-', '−')}`;
}

/** The chart, or null when the width is not swept or no run wrote kernel_vs_analytic. */
export function kernelVsWidthChart(experiment: Experiment): Chart | null {
  if (!experiment.sweptFields.includes(WIDTH)) return null;
  const groups = groupRuns(experiment.runs.filter((run) => analyticRows(run).length > 0), { apart: [WIDTH, ...coupledFields(experiment, WIDTH)] });
  const series: Series[] = [];
  for (const group of groups) {
    for (const [when, pick] of [['at init', 0], ['at the end', -1]] as const) {
      const byWidth = new Map<number, number[]>();
      for (const run of group.runs) {
        const width = run.record.swept[WIDTH];
        const row = analyticRows(run).at(pick);
        if (typeof width !== 'number' || row === undefined || !(row.kernel_vs_analytic > 0)) continue;
        byWidth.set(width, [...(byWidth.get(width) ?? []), row.kernel_vs_analytic]);
      }
      const points = [...byWidth.entries()].sort(([a], [b]) => a - b)
        .map(([x, values]) => ({ x, mean: mean(values), min: Math.min(...values), max: Math.max(...values), n: values.length }));
      if (points.length === 0) continue;
      series.push({ label: `${labelWithCount(group.label, points.map((point) => point.n))} ${when}`, arm: group.arm, points });
    }
  }
  if (series.length === 0) return null;
  const slopes = series.map((entry) => slopeText(entry.label, logLogSlope(entry.points.map((point) => ({ x: point.x, y: point.mean })))));
  const widths = [...new Set(series.flatMap((entry) => entry.points.map((point) => point.x)))].sort((a, b) => a - b);
  // Through the first line's narrowest point, so the eye compares slopes from a common start.
  const anchor = series[0].points[0];
  const reference = { label: 'slope −1/2', points: widths.map((x) => ({ x, y: anchor.mean * (x / anchor.x) ** REFERENCE_SLOPE })) };
  const chart = bandChart({
    id: 'kernel-vs-analytic-vs-width',
    title: `${experiment.name}: distance to the infinite-width kernel vs width, log-log`,
    subtitle: [
      'line: mean over seeds of ‖K − Θ‖_F / ‖Θ‖_F at the first and last NTK evaluation; band: min to max',
      'least-squares slope of log distance on log width (distance ∝ width^slope):',
      // One line per series: Vega sizes a subtitle by an estimate, and one long line would widen the chart.
      ...slopes,
    ],
    xTitle: 'hidden width (units per layer)',
    yTitle: 'kernel distance ‖K − Θ‖_F / ‖Θ‖_F',
    xLog: true,
    yLog: true,
    xTicks: widths,
    dots: true,
    series,
    references: widths.length > 1 ? [reference] : [],
  });
  return widths.length > 1 ? { ...chart, theory: [WIDTH_REFERENCE_TEXT] } : chart;
}

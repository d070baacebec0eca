// One ntk.csv column against step (what `plot --metric kernel_alignment` draws): a mean line and seed band per group.
import { NTK_COLUMNS } from '../../output/metricRows.js';
import type { Experiment } from '../experiment.js';
import { groupRuns, labelWithCount } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';

/** ntk.csv columns a chart can show: all but `step`, the x axis. */
export const NTK_PLOT_COLUMNS = NTK_COLUMNS.filter((column) => column !== 'step');
export type NtkPlotColumn = (typeof NTK_PLOT_COLUMNS)[number];

/** The column against step per group whose runs all wrote ntk.csv; null when none did. */
export function ntkColumnChart(experiment: Experiment, column: NtkPlotColumn): Chart | null {
  const groups = groupRuns(experiment.runs).filter((group) => group.runs.every((run) => (run.ntk?.length ?? 0) > 0));
  if (groups.length === 0) return null;
  const series: Series[] = groups.map((group) => ({
    label: labelWithCount(group.label, [group.n]),
    arm: group.arm,
    // An empty cell (a column the run's model does not define, e.g. kernel_vs_analytic for tanh) draws no point.
    points: seedBand(group.runs.map((run) => (run.ntk ?? []).flatMap((row) => {
      const y = row[column];
      return y === null ? [] : [{ step: row.step, x: row.step, y }];
    }))),
  }));
  return bandChart({
    id: `ntk-${column.replace(/_/g, '-')}-vs-step`,
    title: `${experiment.name}: ${column.replace(/_/g, ' ')} (ntk.csv) vs step`,
    xTitle: 'step (optimizer updates)',
    yTitle: `${column} (ntk.csv)`,
    xLog: false,
    series,
  });
}

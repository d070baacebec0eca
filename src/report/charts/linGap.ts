// How far the network is from its linearization (ntk.csv's lin_gap: RMS over the NTK points of f(x, θ_t) −
// f_lin(x, θ_t)) against step per group: the chart that shows a wide or large-α network staying linear.
import type { Experiment } from '../experiment.js';
import { groupRuns, labelWithCount } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';

/** The chart; null when no run wrote an ntk.csv with a nonzero gap (a linearized model is its own linearization, gap 0). */
export function linGapChart(experiment: Experiment): Chart | null {
  const groups = groupRuns(experiment.runs).filter((group) => group.runs.every((run) => run.ntk !== null && run.ntk.length > 0));
  const series: Series[] = [];
  const zero: string[] = [];
  for (const group of groups) {
    const label = labelWithCount(group.label, [group.n]);
    if (group.runs.every((run) => (run.ntk ?? []).every((row) => row.lin_gap === 0))) {
      zero.push(label);
      continue;
    }
    series.push({
      label,
      arm: group.arm,
      points: seedBand(group.runs.map((run) => (run.ntk ?? []).map((row) => ({ step: row.step, x: row.step, y: row.lin_gap })))),
    });
  }
  if (series.length === 0) return null;
  return bandChart({
    id: 'lin-gap-vs-step',
    title: `${experiment.name}: f − f_lin (gap to the linearized network) vs step`,
    subtitle: [
      // Short lines: Vega sizes a subtitle by an estimate, and a long line would squeeze the plot.
      'RMS over the NTK points of f(x, θ_t) − f_lin(x, θ_t)',
      'line: mean over seeds; band: min to max over seeds',
      ...(zero.length > 0 ? [`gap 0 throughout, not drawn: ${zero.join(', ')}`] : []),
    ],
    xTitle: 'step (optimizer updates)',
    yTitle: 'RMS of f − f_lin (output units)',
    xLog: false,
    series,
  });
}

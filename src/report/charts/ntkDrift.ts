// How far the empirical NTK moves in training (SPEC §4 kernel_rel_change = ‖K_t − K_0‖_F / ‖K_0‖_F): against
// step for every group, and its final value against the swept width or output scale (lazy training: the
// kernel moves less as either grows).
import type { Experiment } from '../experiment.js';
import { groupRuns, labelWithCount, type RunGroup } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { mean } from '../stats.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';

/** Short enough to stand along the y axis: kernel_rel_change is a ratio of Frobenius norms, without a unit. */
const DRIFT_TITLE = 'NTK change ‖K_t − K_0‖_F / ‖K_0‖_F';

/** Swept fields against which the final drift is plotted: a model's width and its output scale α. */
export const NTK_SCALE_FIELDS = ['model.width', 'model.output_scale'] as const;

const SCALE_TITLES: Record<(typeof NTK_SCALE_FIELDS)[number], string> = {
  'model.width': 'hidden width (units per layer)',
  'model.output_scale': 'output scale α (multiplies the network output)',
};

/** Groups whose runs all wrote ntk.csv. */
function withNtk(groups: readonly RunGroup[]): RunGroup[] {
  return groups.filter((group) => group.runs.every((run) => run.ntk !== null && run.ntk.length > 0));
}

/** kernel_rel_change against step per group; null when no run wrote ntk.csv. */
export function ntkDriftChart(experiment: Experiment): Chart | null {
  const groups = withNtk(groupRuns(experiment.runs));
  if (groups.length === 0) return null;
  const series: Series[] = groups.map((group) => ({
    label: labelWithCount(group.label, [group.n]),
    arm: group.arm,
    points: seedBand(group.runs.map((run) => (run.ntk ?? []).map((row) => ({ step: row.step, x: row.step, y: row.kernel_rel_change })))),
  }));
  return bandChart({
    id: 'ntk-drift-vs-step',
    title: `${experiment.name}: NTK drift vs step`,
    xTitle: 'step (optimizer updates)',
    yTitle: DRIFT_TITLE,
    xLog: false,
    series,
  });
}

/** The final kernel_rel_change against each swept width or output-scale field with numeric values (one chart each). */
export function ntkDriftVsScaleCharts(experiment: Experiment): Chart[] {
  const charts: Chart[] = [];
  for (const field of NTK_SCALE_FIELDS) {
    if (!experiment.sweptFields.includes(field)) continue;
    const groups = withNtk(groupRuns(experiment.runs, { apart: [field] }));
    const series: Series[] = groups.map((group) => {
      const byValue = new Map<number, number[]>();
      for (const run of group.runs) {
        const value = run.record.swept[field];
        const final = run.ntk?.at(-1)?.kernel_rel_change;
        if (typeof value !== 'number' || final === undefined || !Number.isFinite(final)) continue;
        byValue.set(value, [...(byValue.get(value) ?? []), final]);
      }
      const points = [...byValue.entries()].sort(([a], [b]) => a - b)
        .map(([x, finals]) => ({ x, mean: mean(finals), min: Math.min(...finals), max: Math.max(...finals), n: finals.length }));
      return { label: points.length === 0 ? group.label : labelWithCount(group.label, points.map((point) => point.n)), arm: group.arm, points };
    }).filter((entry) => entry.points.length > 0);
    if (series.length === 0) continue;
    const name = field.slice(field.indexOf('.') + 1);
    charts.push(bandChart({
      id: `ntk-drift-vs-${name.replace(/_/g, '-')}`,
      title: `${experiment.name}: final NTK drift vs ${name.replace(/_/g, ' ')}`,
      subtitle: 'line: mean over seeds of the last NTK evaluation; band: min to max over seeds',
      xTitle: SCALE_TITLES[field],
      yTitle: `final ${DRIFT_TITLE}`,
      dots: true,
      series,
    }));
  }
  return charts;
}

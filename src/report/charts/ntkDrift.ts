// How far the empirical NTK moves in training (SPEC §4 kernel_rel_change = ‖K_t − K_0‖_F / ‖K_0‖_F): against
// step for every group, and its final value against the swept width or output scale on log-log axes with the
// fitted slope (lazy training: the kernel moves less as either grows, as a power law).
import { fieldValue } from '../../output/runFields.js';
import type { Experiment } from '../experiment.js';
import { groupRuns, labelWithCount, type RunGroup } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { mean } from '../stats.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';
import { logLogSlope } from './logLogSlope.js';

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

/**
 * The swept fields that move in step with `field` (a zip: `lr = 0.5 / α²` beside `model.output_scale`): each of
 * their values goes with one value of `field`, arm by arm. A line across `field` must let them vary too, or each
 * of its points would be a line of its own.
 */
export function coupledFields(experiment: Experiment, field: string): string[] {
  return experiment.sweptFields.filter((other) => {
    if (other === field) return false;
    const partner = new Map<string, string>();
    for (const run of experiment.runs) {
      const key = JSON.stringify([run.record.arm, fieldValue(run.record, field) ?? null]);
      const value = JSON.stringify(fieldValue(run.record, other) ?? null);
      if ((partner.get(key) ?? value) !== value) return false;
      partner.set(key, value);
    }
    // A field that is the same at every value of `field` is not coupled to it: it tells lines apart.
    return new Set(partner.values()).size > 1;
  });
}

/** How a fitted slope reads in a subtitle: "sgd (n=2): slope −0.98". */
function slopeText(label: string, slope: number | null): string {
  return `${label}: slope ${slope === null ? 'n/a' : slope.toFixed(2).replace('-', '−')}`;
}

/**
 * The final kernel_rel_change against each swept width or output-scale field with numeric values (one chart each),
 * on log-log axes with each line's least-squares slope of log drift on log scale in the subtitle.
 */
export function ntkDriftVsScaleCharts(experiment: Experiment): Chart[] {
  const charts: Chart[] = [];
  for (const field of NTK_SCALE_FIELDS) {
    if (!experiment.sweptFields.includes(field)) continue;
    const groups = withNtk(groupRuns(experiment.runs, { apart: [field, ...coupledFields(experiment, field)] }));
    let series: Series[] = groups.map((group) => {
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
    // A kernel that never moves (a linearized model's) has no place on a log axis: named, not drawn.
    const still = series.filter((entry) => entry.points.every((point) => point.mean <= 0)).map((entry) => entry.label);
    series = series.filter((entry) => !still.includes(entry.label));
    if (series.length === 0) continue;
    const name = field.slice(field.indexOf('.') + 1);
    const slopes = series.map((entry) => slopeText(entry.label, logLogSlope(entry.points.map((point) => ({ x: point.x, y: point.mean })))));
    charts.push(bandChart({
      id: `ntk-drift-vs-${name.replace(/_/g, '-')}`,
      title: `${experiment.name}: final NTK drift vs ${name.replace(/_/g, ' ')}, log-log`,
      subtitle: [
        'line: mean over seeds of the last NTK evaluation; band: min to max',
        `least-squares slope of log drift on log ${name === 'width' ? 'width' : 'α'} (drift ∝ ${name === 'width' ? 'width' : 'α'}^slope):`,
        // One line per series: Vega sizes a subtitle by an estimate, and one long line would widen the chart.
        ...slopes,
        ...(still.length > 0 ? [`drift 0 throughout, not drawn: ${still.join(', ')}`] : []),
      ],
      xTitle: SCALE_TITLES[field],
      yTitle: `final ${DRIFT_TITLE}`,
      xLog: true,
      yLog: true,
      xTicks: [...new Set(series.flatMap((entry) => entry.points.map((point) => point.x)))].sort((a, b) => a - b),
      dots: true,
      series,
    }));
  }
  return charts;
}

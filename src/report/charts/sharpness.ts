// Sharpness against step (sharpness.csv): the top Hessian eigenvalue of the training objective per group (arm and
// lr), with the optimizer's stability limit dashed in the same colour, so edge-of-stability training shows as a
// line rising to its dashed limit and hovering there; a second chart does the same for the preconditioned
// sharpness of adaptive optimizers.
import type { SharpnessRow } from '../../output/metricRows.js';
import type { Experiment } from '../experiment.js';
import { groupRuns, labelWithCount, type RunGroup } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { bandChart, type Series } from './bandChart.js';
import type { Chart } from './chart.js';
import { PRECOND_LIMIT_TEXT, STABILITY_LIMIT_TEXT } from './theoryLines.js';

/** A measured column of sharpness.csv and the limit drawn beside it. */
interface SharpnessPair {
  measured: 'sharpness' | 'precond_sharpness';
  limit: 'stability_limit' | 'precond_stability_limit';
  id: string;
  name: string;
  yTitle: string;
  theory: string;
}

const PAIRS: SharpnessPair[] = [
  {
    measured: 'sharpness', limit: 'stability_limit', id: 'sharpness-vs-step', name: 'sharpness',
    yTitle: 'sharpness λ_max(∇²L)', theory: STABILITY_LIMIT_TEXT,
  },
  {
    measured: 'precond_sharpness', limit: 'precond_stability_limit', id: 'precond-sharpness-vs-step', name: 'preconditioned sharpness',
    yTitle: 'preconditioned sharpness λ_max(P⁻¹∇²L)', theory: PRECOND_LIMIT_TEXT,
  },
];

/** A column's mean over the group's seeds at each step where they logged a value. */
function meanBand(group: RunGroup, column: keyof SharpnessRow) {
  return seedBand(group.runs.map((run) => (run.sharpness ?? [])
    .filter((row) => row[column] !== null)
    .map((row) => ({ step: row.step, x: row.step, y: row[column] as number }))));
}

function sharpnessChart(experiment: Experiment, pair: SharpnessPair): Chart | null {
  const groups = groupRuns(experiment.runs).filter((group) => group.runs.some((run) => (run.sharpness ?? []).some((row) => row[pair.measured] !== null)));
  if (groups.length === 0) return null;
  const series: Series[] = groups.map((group) => ({ label: labelWithCount(group.label, [group.n]), arm: group.arm, points: meanBand(group, pair.measured) }));
  const predictions = groups
    .map((group, index) => ({ series: series[index].label, points: meanBand(group, pair.limit).map((point) => ({ x: point.x, y: point.mean })) }))
    .filter((line) => line.points.length > 0);
  const chart = bandChart({
    id: pair.id,
    title: `${experiment.name}: ${pair.name} vs step`,
    subtitle: ['line: mean over seeds; band: min to max over seeds', ...(predictions.length > 0 ? ['dashed, same colour: its stability limit'] : [])],
    xTitle: 'step (optimizer updates)',
    yTitle: pair.yTitle,
    xLog: false,
    series,
    predictions,
    predictionLabel: 'stability limit',
  });
  return predictions.length === 0 ? chart : { ...chart, theory: [pair.theory] };
}

/** Sharpness vs step and preconditioned sharpness vs step, each only when some run logged it. */
export function sharpnessCharts(experiment: Experiment): Chart[] {
  return PAIRS.map((pair) => sharpnessChart(experiment, pair)).filter((chart): chart is Chart => chart !== null);
}

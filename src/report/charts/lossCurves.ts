// Loss curves: a curve.csv column against step, examples or wall time, one mean line and seed band per group;
// a seed that diverged is an × at the top edge where its curve stops, and does not stretch the y axis. Where the
// runs logged the NTK's predicted loss, it is dashed beside the measured one in the same colour.
import type { CurveColumn, PREDICTED_CURVE_COLUMNS } from '../../output/curveCsv.js';
import { labelWithCount, type RunGroup } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { metricName, metricTitle, X_AXIS_TITLES, type CurveXAxis } from './axisTitles.js';
import { bandChart } from './bandChart.js';
import type { Chart } from './chart.js';
import { NTK_PREDICTION_TEXT } from './theoryLines.js';

/** Columns that start high and should fall: their axis ends a few times above the start (bandChart's clampToStart). */
const FALLING_FROM_START: readonly CurveColumn[] = ['train_loss', 'test_loss', 'objective'];

/** The predicted column drawn beside each measured one (metrics.ntk.predict). */
const PREDICTED_BY: Partial<Record<CurveColumn, (typeof PREDICTED_CURVE_COLUMNS)[number]>> = { train_loss: 'ntk_pred_train_loss', test_loss: 'ntk_pred_test_loss' };

export function lossCurvesChart(experimentName: string, groups: readonly RunGroup[], metric: CurveColumn, xAxis: CurveXAxis): Chart {
  const loss = groups[0]?.runs[0]?.record.config.train.loss ?? 'mse';
  const series = groups.map((group) => ({
    label: labelWithCount(group.label, [group.n]),
    arm: group.arm,
    points: seedBand(group.runs.map((run) => run.record.curve
      .filter((row) => row[metric] !== undefined)
      .map((row) => ({ step: row.step, x: row[xAxis], y: row[metric] as number })))),
  }));
  // A diverged run's curve ends at its divergence: the × sits at the x of its last logged row.
  const diverged = groups.flatMap((group, index) => group.runs
    .filter((run) => run.record.status === 'diverged' && run.record.curve.length > 0)
    .map((run) => ({ series: series[index].label, x: run.record.curve[run.record.curve.length - 1][xAxis] })));
  // The prediction's mean over seeds at each step it was logged, for the groups whose runs logged it.
  const predicted = PREDICTED_BY[metric];
  const predictions = predicted === undefined ? [] : groups.map((group, index) => ({
    series: series[index].label,
    points: seedBand(group.runs.map((run) => run.record.curve
      .filter((row) => row[predicted] !== undefined)
      .map((row) => ({ step: row.step, x: row[xAxis], y: row[predicted] as number })))).map((point) => ({ x: point.x, y: point.mean })),
  })).filter((line) => line.points.length > 0);
  const chart = bandChart({
    id: `curves-${metric}-vs-${xAxis}`,
    title: `${experimentName}: ${metricName(metric)} vs ${xAxis === 'wall_ms' ? 'wall time' : xAxis}`,
    // Short lines: Vega sizes a subtitle by an estimate, and a long line would squeeze the plot.
    subtitle: ['line: mean over seeds; band: min to max over seeds', ...(diverged.length > 0 ? ['×: a seed diverged there (its curve is cut at the top)'] : [])],
    xTitle: X_AXIS_TITLES[xAxis],
    yTitle: metricTitle(metric, loss),
    xLog: false,
    series,
    topMarks: diverged,
    clampToStart: FALLING_FROM_START.includes(metric),
    predictions,
    predictionLabel: 'NTK prediction (mean over seeds)',
  });
  return predictions.length === 0 ? chart : { ...chart, theory: [NTK_PREDICTION_TEXT] };
}

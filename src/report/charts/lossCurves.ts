// Loss curves: a curve.csv column against step, examples or wall time, one mean line and seed band per group.
import type { CurveColumn } from '../../output/curveCsv.js';
import { labelWithCount, type RunGroup } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { metricName, metricTitle, X_AXIS_TITLES, type CurveXAxis } from './axisTitles.js';
import { bandChart } from './bandChart.js';
import type { Chart } from './chart.js';

export function lossCurvesChart(experimentName: string, groups: readonly RunGroup[], metric: CurveColumn, xAxis: CurveXAxis): Chart {
  const loss = groups[0]?.runs[0]?.record.config.train.loss ?? 'mse';
  const series = groups.map((group) => ({
    label: labelWithCount(group.label, [group.n]),
    arm: group.arm,
    points: seedBand(group.runs.map((run) => run.record.curve
      .filter((row) => row[metric] !== undefined)
      .map((row) => ({ step: row.step, x: row[xAxis], y: row[metric] as number })))),
  }));
  return bandChart({
    id: `curves-${metric}-vs-${xAxis}`,
    title: `${experimentName}: ${metricName(metric)} vs ${xAxis === 'wall_ms' ? 'wall time' : xAxis}`,
    xTitle: X_AXIS_TITLES[xAxis],
    yTitle: metricTitle(metric, loss),
    xLog: false,
    series,
  });
}

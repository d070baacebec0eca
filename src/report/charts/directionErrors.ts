// Direction errors of linear models (directions.csv): the error along each singular direction of the
// training design against step, one panel per group, coloured by the direction's singular value σ.
// The lecture's point shows directly: GD/SGD fix the large-σ directions first and crawl along the small ones.
import type { TopLevelSpec } from 'vega-lite';
import type { Experiment } from '../experiment.js';
import { groupRuns } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { mean } from '../stats.js';
import { CHART_CONFIG, CHART_WIDTH, spansDecades, type Chart } from './chart.js';

/** Panels per row: three 200-odd px panels still show a curve's shape at 800 px. */
const MAX_COLUMNS = 3;
/** Pixels kept for the σ legend and the y axis beside the panels. */
const LEGEND_AND_AXIS_WIDTH = 170;
/** Height of one panel's plotting area in pixels. */
const PANEL_HEIGHT = 200;

interface Row {
  group: string;
  direction: number;
  sigma: number;
  step: number;
  error: number;
  name: string;
}

/** The chart, or null when no run wrote directions.csv. */
export function directionErrorsChart(experiment: Experiment): Chart | null {
  const groups = groupRuns(experiment.runs, experiment.sweptFields)
    .filter((group) => group.runs.every((run) => run.directions !== null && run.directions.length > 0));
  if (groups.length === 0) return null;
  const rows: Row[] = [];
  for (const group of groups) {
    const directions = [...new Set(group.runs.flatMap((run) => (run.directions ?? []).map((row) => row.direction)))].sort((a, b) => a - b);
    for (const direction of directions) {
      const perRun = group.runs.map((run) => (run.directions ?? []).filter((row) => row.direction === direction));
      const sigma = mean(perRun.flat().map((row) => row.sigma));
      const band = seedBand(perRun.map((runRows) => runRows.map((row) => ({ step: row.step, x: row.step, y: row.error }))));
      for (const point of band) {
        rows.push({ group: group.label, direction, sigma, step: point.x, error: point.mean, name: `${group.label}: direction ${direction} (σ = ${sigma.toPrecision(3)})` });
      }
    }
  }
  const yLog = spansDecades(rows.map((row) => row.error));
  const drawn = yLog ? rows.filter((row) => row.error > 0) : rows;
  const columns = Math.min(MAX_COLUMNS, groups.length);
  const panelWidth = Math.floor((CHART_WIDTH - LEGEND_AND_AXIS_WIDTH) / columns) - 20;
  const title = `${experiment.name}: error along each singular direction vs step`;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'one line per singular direction of the training design, coloured by its singular value σ; mean over seeds' },
    config: CHART_CONFIG,
    data: { values: drawn },
    facet: { field: 'group', type: 'nominal', title: null, sort: groups.map((group) => group.label) },
    columns,
    spec: {
      width: panelWidth,
      height: PANEL_HEIGHT,
      layer: [{
        name: 'direction_line',
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: 'step (optimizer updates)' },
          y: {
            field: 'error', type: 'quantitative', title: yLog ? 'error along the direction, log scale' : 'error along the direction',
            scale: yLog ? { type: 'log' } : { zero: false },
          },
          color: { field: 'sigma', type: 'quantitative', title: 'σ', scale: { type: 'log', scheme: 'viridis' } },
          detail: { field: 'direction', type: 'nominal' },
          description: { field: 'name' },
        },
      }],
    },
  };
  return { id: 'direction-errors-vs-step', title, spec };
}

// Direction errors of linear models (directions.csv): the error along the singular directions of the design with
// its column of ones (the eigen-directions of the objective's Hessian) against step, one panel per group, coloured by the direction's singular value σ; where the runs wrote
// predicted_error (full-batch gd), the prediction is dashed in the same colour.
// The lecture's point shows directly: GD/SGD fix the large-σ directions first and crawl along the small ones.
import type { TopLevelSpec } from 'vega-lite';
import type { Experiment } from '../experiment.js';
import { groupRuns, labelWithCount } from '../groups.js';
import { seedBand } from '../seedBands.js';
import { mean } from '../stats.js';
import { CHART_CONFIG, CHART_WIDTH, LOG_AXIS, spansDecades, type Chart } from './chart.js';
import { GD_DIRECTION_TEXT } from './theoryLines.js';

/** Panels per row: three 200-odd px panels still show a curve's shape at 800 px. */
const MAX_COLUMNS = 3;
/** Pixels kept for the σ legend and the y axis beside the panels. */
const LEGEND_AND_AXIS_WIDTH = 175;
/** Pixels a 13 px panel title takes per character, a little over the average glyph so titles never touch. */
const TITLE_CHAR_WIDTH = 8;
/** Height of one panel's plotting area in pixels. */
const PANEL_HEIGHT = 200;
/** Directions drawn per panel at most: more lines than this hide one another. */
const MAX_DIRECTIONS = 8;

interface Row {
  panel: string;
  direction: number;
  sigma: number;
  step: number;
  error: number;
  name: string;
}

/** The line-style legend's entries: the measured error solid, gd's prediction dashed. */
const MEASURED = 'measured (mean over seeds)';
const PREDICTED = 'predicted by the gd recursion';

/** At most MAX_DIRECTIONS of the directions, evenly spaced from the largest σ to the smallest, both ends included. */
export function directionsShown(directions: readonly number[]): number[] {
  if (directions.length <= MAX_DIRECTIONS) return [...directions];
  const picks = Array.from({ length: MAX_DIRECTIONS }, (_, k) => directions[Math.round((k * (directions.length - 1)) / (MAX_DIRECTIONS - 1))]);
  return [...new Set(picks)];
}

/**
 * Panels per row: as many as MAX_COLUMNS and the longest panel title allow, so that each title fits over its own
 * panel (titles are never cut: two groups must not read alike) and neighbours' titles do not overlap.
 */
export function panelColumns(panels: readonly string[]): number {
  const longest = Math.max(...panels.map((panel) => panel.length)) * TITLE_CHAR_WIDTH;
  let columns = Math.min(MAX_COLUMNS, panels.length);
  while (columns > 1 && Math.floor((CHART_WIDTH - LEGEND_AND_AXIS_WIDTH) / columns) - 20 < longest) columns -= 1;
  return columns;
}

/** The chart, or null when no run wrote directions.csv. */
export function directionErrorsChart(experiment: Experiment): Chart | null {
  const groups = groupRuns(experiment.runs)
    .filter((group) => group.runs.every((run) => run.directions !== null && run.directions.length > 0));
  if (groups.length === 0) return null;
  const rows: Row[] = [];
  const predictedRows: Row[] = [];
  const panels: string[] = [];
  let allDirections = 0;
  for (const group of groups) {
    // A diverged run's file stops where it diverged, so its panel says so rather than looking empty.
    const diverged = group.runs.filter((run) => run.record.status === 'diverged').length;
    const panel = diverged === 0 ? labelWithCount(group.label, [group.n]) : `${group.label} (${diverged}/${group.runs.length} diverged)`;
    panels.push(panel);
    const directions = [...new Set(group.runs.flatMap((run) => (run.directions ?? []).map((row) => row.direction)))].sort((a, b) => a - b);
    allDirections = Math.max(allDirections, directions.length);
    for (const direction of directionsShown(directions)) {
      const perRun = group.runs.map((run) => (run.directions ?? []).filter((row) => row.direction === direction));
      const sigma = mean(perRun.flat().map((row) => row.sigma));
      const band = seedBand(perRun.map((runRows) => runRows.map((row) => ({ step: row.step, x: row.step, y: row.error }))));
      const name = `${group.label}: direction ${direction} (σ = ${sigma.toPrecision(3)})`;
      for (const point of band) rows.push({ panel, direction, sigma, step: point.x, error: point.mean, name });
      const predicted = seedBand(perRun.map((runRows) => runRows
        .filter((row) => row.predicted_error !== null)
        .map((row) => ({ step: row.step, x: row.step, y: row.predicted_error! }))));
      for (const point of predicted) predictedRows.push({ panel, direction, sigma, step: point.x, error: point.mean, name: `${name}, predicted` });
    }
  }
  const yLog = spansDecades(rows.map((row) => row.error));
  const drawn = yLog ? rows.filter((row) => row.error > 0) : rows;
  const columns = panelColumns(panels);
  const panelWidth = Math.floor((CHART_WIDTH - LEGEND_AND_AXIS_WIDTH) / columns) - 20;
  const title = `${experiment.name}: error along each singular direction vs step`;
  const shown = allDirections > MAX_DIRECTIONS ? `${MAX_DIRECTIONS} of the ${allDirections} singular directions (evenly spaced)` : 'every singular direction';
  const withPredictions = predictedRows.length > 0;
  // The measured errors set the y axis: a prediction falls far below float32's floor (1e-55 where the run sits at
  // 1e-8) and is cut at the bottom rather than squashing every measured line.
  const measuredValues = drawn.map((row) => row.error);
  const domain = withPredictions && drawn.length > 0 ? { domain: [Math.min(...measuredValues), Math.max(...measuredValues)] } : {};
  const y = {
    field: 'error', type: 'quantitative' as const, title: 'error ‖v_kᵀ(θ − θ*)‖',
    scale: { ...(yLog ? { type: 'log' as const } : { zero: false }), ...domain },
    axis: yLog ? LOG_AXIS : {},
  };
  const color = { field: 'sigma', type: 'quantitative' as const, title: 'σ', scale: { type: 'log' as const, scheme: 'viridis' } };
  const strokeDash = (style: string) => (withPredictions ? {
    strokeDash: {
      datum: style, type: 'nominal' as const, title: null,
      scale: { domain: [MEASURED, PREDICTED], range: [[1, 0], [6, 4]] },
      legend: { orient: 'bottom' as const, direction: 'horizontal' as const, symbolType: 'stroke', symbolStrokeColor: '#666', symbolSize: 600, labelLimit: 0 },
    },
  } : {});
  const line = (name: string, style: string) => ({
    name,
    // Each layer draws its own rows of the shared data (a faceted chart has one data set).
    ...(withPredictions ? { transform: [{ filter: { field: 'kind', equal: style } }] } : {}),
    mark: { type: 'line' as const, strokeWidth: 1.5, ...(withPredictions ? { clip: true } : {}) },
    encoding: {
      x: { field: 'step', type: 'quantitative' as const, title: 'step (optimizer updates)' },
      // Short enough to stand along a 200 px panel; the subtitle says when the axis is logarithmic.
      y, color, ...strokeDash(style),
      detail: { field: 'direction', type: 'nominal' as const },
      description: { field: 'name' },
    },
  });
  const values = withPredictions
    ? [...drawn.map((row) => ({ ...row, kind: MEASURED })), ...predictedRows.filter((row) => !yLog || row.error > 0).map((row) => ({ ...row, kind: PREDICTED }))]
    : drawn;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // Short subtitle lines: Vega sizes text by an estimate (0.8 em a character, with no canvas in Node), and a
    // long line would widen the chart past 800 px.
    title: {
      text: title,
      subtitle: [
        `${shown} of the training design,`,
        `coloured by singular value σ; mean over seeds${yLog ? '; log y' : ''}`,
        ...(withPredictions ? ['dashed: gd\'s recursion |Π(1 − η λ_k)| × the error at step 0'] : []),
      ],
    },
    config: CHART_CONFIG,
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelLimit: 0 } },
    columns,
    // Panels are laid out by their plotting areas only: the estimated widths of panel titles would otherwise push
    // the columns apart.
    bounds: 'flush',
    // Room between rows for the next row's panel titles.
    spacing: { row: 34, column: 20 },
    spec: {
      width: panelWidth,
      height: PANEL_HEIGHT,
      layer: [line('direction_line', MEASURED), ...(withPredictions ? [line('predicted_line', PREDICTED)] : [])],
    },
  };
  if (withPredictions) return { id: 'direction-errors-vs-step', title, spec, theory: [GD_DIRECTION_TEXT] };
  return { id: 'direction-errors-vs-step', title, spec };
}

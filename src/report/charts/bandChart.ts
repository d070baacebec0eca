// The shared shape of the report's line charts: per series, a mean line over seeds and a min–max band,
// each series its own colour (the legend, under the plot, names every variant in full), with log axes where the
// values span decades and a y domain that diverged runs do not stretch. Theory beside measurement: a prediction
// is a dashed line in its measured series' colour, a reference line is grey and dotted, a known limit on the x
// axis is a vertical rule; a line-style legend says which is which.
import type { TopLevelSpec } from 'vega-lite';
import type { BandPoint } from '../seedBands.js';
import { bottomLegend, CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, LOG_AXIS, seriesColors, spansDecades, type Chart } from './chart.js';

/** One legend entry: its points, in x order. */
export interface Series {
  label: string;
  /** The arm it belongs to. */
  arm: string;
  points: BandPoint[];
}

export interface BandChartOptions {
  id: string;
  title: string;
  /** One line, or several (each a line of text). */
  subtitle?: string | string[];
  /** Axis titles, with units. */
  xTitle: string;
  yTitle: string;
  series: Series[];
  /** Log x axis: always, never, or 'auto' (when the x values span more than two decades). Default 'auto'. */
  xLog?: boolean | 'auto';
  /** Draw a dot at each point too (for series of a few points, e.g. one per width). Default false. */
  dots?: boolean;
  /** x values to label (e.g. the learning rates tried); default: the axis's own ticks. */
  xTicks?: number[];
  /** y on a log axis: always, or 'auto' (when the values span more than two decades). Default 'auto'. */
  yLog?: true | 'auto';
  /**
   * Points drawn as × at the top edge of the plot, at their x in their series' colour (e.g. an lr or a step where
   * a seed diverged).
   */
  topMarks?: { series: string; x: number }[];
  /**
   * For curves from a start (losses against step): the y domain ends at START_FACTOR × the largest first value,
   * so that a run blowing up on its way to diverging is clipped at the top (and marked by topMarks) instead of
   * squashing every other curve. Default false.
   */
  clampToStart?: boolean;
  /** Predicted lines, each dashed in the colour of the measured series it names (`series`: a label of `series`). */
  predictions?: { series: string; points: { x: number; y: number }[] }[];
  /** What the dashed lines are, in the line-style legend (e.g. "NTK prediction"); required with predictions. */
  predictionLabel?: string;
  /** Reference lines (e.g. a slope of −1/2), grey and dotted, each named in the line-style legend. */
  references?: { label: string; points: { x: number; y: number }[] }[];
  /** Vertical rules at known x values (e.g. a stability limit), dashed in their series' colour, labelled at the top. */
  rules?: { series: string; x: number; label: string }[];
}

/** Dash patterns of the line-style legend: measured solid, predicted dashed, references dotted. */
const SOLID = [1, 0];
const DASHED = [6, 4];
const DOTTED = [2, 3];
/** The grey of reference lines: no series' hue. */
const REFERENCE_GREY = '#666';
/** Pixels from the top of the plot to the first rule's label, and between the labels of successive rules. */
const RULE_LABEL_TOP = 4;
const RULE_LABEL_STEP = 16;
/** The measured lines' entry in the line-style legend. */
const MEASURED = 'measured (mean over seeds)';

/** The top of a clamped y domain, in multiples of the largest starting value: room for a curve that rises a little first. */
const START_FACTOR = 10;
/**
 * The bottom of a log y domain, relative to its top: ten decades. Lower values are float32 rounding (a residual at
 * float32's ε ≈ 1.2e-7 gives an MSE near 1e-14 of the start), and drawing them would squash every real curve.
 */
const LOG_FLOOR = 1e-10;

/** A row of the chart's data: one band point of one series. */
interface Row {
  series: string;
  x: number;
  mean: number;
  min: number;
  max: number;
}

/** Whether x is drawn on a log axis: as asked, or by whether its values span decades. */
function logAxis(setting: boolean | 'auto' | undefined, values: number[]): boolean {
  return setting === undefined || setting === 'auto' ? spansDecades(values) : setting;
}

/**
 * The rows a chart draws. On a log axis, points whose value is not positive cannot be placed and are left out,
 * and a band edge at or below zero is drawn at the mean.
 */
function chartRows(series: readonly Series[], xLog: boolean, yLog: boolean): Row[] {
  return series.flatMap(({ label, points }) => points
    .filter((point) => (!xLog || point.x > 0) && (!yLog || point.mean > 0))
    .map((point) => ({
      series: label,
      x: point.x,
      mean: point.mean,
      min: yLog && point.min <= 0 ? point.mean : point.min,
      max: point.max,
    })));
}

/** Every finite y value drawn: the series' means and bands, the predictions and the references. */
function allValues(options: BandChartOptions): number[] {
  const theory = [...(options.predictions ?? []), ...(options.references ?? [])].flatMap((line) => line.points.map((point) => point.y));
  return [...options.series.flatMap((series) => series.points.flatMap((point) => [point.mean, point.min, point.max])), ...theory].filter(Number.isFinite);
}

/**
 * The y values that set the domain: every finite value, or (clampToStart) those up to START_FACTOR × the largest
 * first value of a series.
 */
function domainValues(options: BandChartOptions): number[] {
  const values = allValues(options);
  if (options.clampToStart !== true) return values;
  const starts = options.series.map((series) => series.points[0]?.mean).filter((value): value is number => value !== undefined && Number.isFinite(value));
  if (starts.length === 0) return values;
  const cap = START_FACTOR * Math.max(...starts.map(Math.abs));
  return values.filter((value) => value <= cap);
}

/**
 * The y scale's explicit domain, or undefined to let Vega choose: set when values were clamped away or a log axis
 * would reach below LOG_FLOOR of its top, so that neither a diverged run nor rounding noise stretches the axis.
 */
function yDomain(options: BandChartOptions, yLog: boolean): [number, number] | undefined {
  const all = allValues(options);
  const kept = domainValues(options).filter((value) => !yLog || value > 0);
  if (kept.length === 0) return undefined;
  const top = Math.max(...kept);
  const bottom = Math.min(...kept);
  const floor = yLog ? Math.max(bottom, top * LOG_FLOOR) : bottom;
  const clamped = kept.length < all.filter((value) => !yLog || value > 0).length;
  return clamped || floor > bottom ? [floor, top] : undefined;
}

/** The chart; y is on a log axis when its values span more than two decades (or when asked). */
export function bandChart(options: BandChartOptions): Chart {
  const all = options.series.flatMap((series) => series.points);
  const xLog = logAxis(options.xLog, all.map((point) => point.x));
  const yLog = options.yLog === true || spansDecades(domainValues(options));
  const domain = yDomain(options, yLog);
  const rows = chartRows(options.series, xLog, yLog);
  const below = options.dots === true && domain !== undefined ? rows.filter((row) => row.mean < domain[0]) : [];
  const labels = options.series.map((series) => series.label);
  const x = {
    field: 'x', type: 'quantitative' as const, title: xLog ? `${options.xTitle}, log scale` : options.xTitle,
    scale: xLog ? { type: 'log' as const } : { zero: false },
    axis: options.xTicks !== undefined ? { values: options.xTicks, labelExpr: "format(datum.value, '~g')" } : xLog ? LOG_AXIS : {},
  };
  const color = {
    field: 'series', type: 'nominal' as const, title: null,
    scale: { domain: labels, range: seriesColors(labels.length) },
    // Line swatches at full opacity: the layers' legends merge, and a band's faint swatch would hide the colours.
    legend: { symbolType: 'stroke', symbolOpacity: 1, ...bottomLegend(labels) },
  };
  const yScale = { ...(yLog ? { type: 'log' as const } : { zero: false }), ...(domain !== undefined ? { domain } : {}) };
  const predictions = (options.predictions ?? []).filter((line) => line.points.length > 0);
  const references = (options.references ?? []).filter((line) => line.points.length > 0);
  // The line-style legend, only beside theory lines: a chart of measurements alone stays as it was.
  const styles = [
    ...(predictions.length > 0 ? [[options.predictionLabel ?? 'predicted', DASHED] as const] : []),
    ...references.map((line) => [line.label, DOTTED] as const),
  ];
  const strokeDash = (style: string) => (styles.length === 0 ? {} : {
    strokeDash: {
      datum: style,
      type: 'nominal' as const,
      title: null,
      scale: { domain: [MEASURED, ...styles.map(([label]) => label)], range: [SOLID, ...styles.map(([, dash]) => dash)] },
      // Above the plot: the series legend fills the space below it.
      legend: { orient: 'top' as const, direction: 'horizontal' as const, symbolType: 'stroke', symbolStrokeColor: REFERENCE_GREY, symbolSize: 600, labelLimit: 0 },
    },
  });
  const theoryRows = (lines: readonly { points: { x: number; y: number }[] }[], name: (index: number) => string) => lines.flatMap((line, index) => line.points
    .filter((point) => Number.isFinite(point.y) && Number.isFinite(point.x) && (!xLog || point.x > 0) && (!yLog || point.y > 0))
    .map((point) => ({ series: name(index), x: point.x, y: point.y })));
  // Each rule's label a line lower than the last, so that rules at the same x (gd and sgd on one design) stay legible.
  const rules = (options.rules ?? []).filter((rule) => Number.isFinite(rule.x) && (!xLog || rule.x > 0))
    .map((rule, index) => ({ ...rule, labelY: RULE_LABEL_TOP + RULE_LABEL_STEP * index }));
  const yAxis = yLog ? LOG_AXIS : {};
  const yTitle = yLog ? `${options.yTitle}, log scale` : options.yTitle;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.title,
      subtitle: [
        ...[options.subtitle ?? 'line: mean over seeds; band: min to max over seeds'].flat(),
        ...(below.length > 0 ? [`▼: below ${domain![0].toPrecision(2)}, ten decades under the top (float32 rounding)`] : []),
      ],
    },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: CHART_CONFIG,
    layer: [
      {
        name: 'band',
        data: { values: rows },
        mark: { type: 'area', opacity: 0.18, clip: true },
        encoding: { x, y: { field: 'min', type: 'quantitative', scale: yScale, axis: yAxis, title: yTitle }, y2: { field: 'max' }, color, description: { field: 'series' } },
      },
      {
        name: 'mean_line',
        data: { values: rows },
        mark: { type: 'line', clip: true },
        encoding: { x, y: { field: 'mean', type: 'quantitative', scale: yScale, axis: yAxis, title: yTitle }, color, ...strokeDash(MEASURED), description: { field: 'series' } },
      },
      ...(predictions.length > 0
        ? [{
            name: 'prediction_line',
            data: { values: theoryRows(predictions, (index) => predictions[index].series) },
            mark: { type: 'line' as const, clip: true },
            encoding: {
              x, y: { field: 'y', type: 'quantitative' as const, scale: yScale, axis: yAxis, title: yTitle }, color,
              ...strokeDash(options.predictionLabel ?? 'predicted'), description: { field: 'series' },
            },
          }]
        : []),
      ...references.map((line, index) => ({
        name: `reference_line_${index}`,
        data: { values: theoryRows([line], () => line.label) },
        mark: { type: 'line' as const, clip: true, color: REFERENCE_GREY },
        encoding: { x, y: { field: 'y', type: 'quantitative' as const, scale: yScale, axis: yAxis, title: yTitle }, ...strokeDash(line.label), description: { field: 'series' } },
      })),
      ...(rules.length > 0
        ? [{
            name: 'rule',
            data: { values: rules },
            mark: { type: 'rule' as const, strokeDash: DASHED, strokeWidth: 2 },
            encoding: { x, color, description: { field: 'label' } },
          }, {
            name: 'rule_label',
            data: { values: rules },
            // At the top of its rule, just right of it: the value and what it is.
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, fontSize: 12 },
            encoding: { x, y: { field: 'labelY', type: 'quantitative' as const, scale: null }, text: { field: 'label' }, color, description: { field: 'label' } },
          }]
        : []),
      ...(options.dots
        ? [{
            name: 'dots',
            data: { values: rows },
            mark: { type: 'point' as const, filled: true, size: 50, clip: true },
            encoding: { x, y: { field: 'mean', type: 'quantitative' as const, scale: yScale, axis: yAxis, title: yTitle }, color, description: { field: 'series' } },
          }]
        : []),
      ...(below.length > 0
        ? [{
            name: 'bottom_marks',
            data: { values: below },
            // A dot below the log axis's floor (rounding noise) still shows, as a ▼ at the bottom edge at its x.
            mark: { type: 'point' as const, shape: 'triangle-down', filled: true, size: 90 },
            encoding: { x, y: { value: CHART_HEIGHT - 8 }, color, description: { field: 'series' } },
          }]
        : []),
      ...(options.topMarks !== undefined && options.topMarks.length > 0
        ? [{
            name: 'top_marks',
            data: { values: options.topMarks },
            // A '+' turned 45° is an ×; y is a pixel offset from the top, whatever the y scale.
            mark: { type: 'point' as const, shape: 'cross', angle: 45, filled: true, size: 140 },
            encoding: { x, y: { value: 8 }, color, description: { field: 'series' } },
          }]
        : []),
    ],
  };
  return { id: options.id, title: options.title, spec };
}

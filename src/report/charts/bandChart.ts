// The shared shape of the report's line charts: per series, a mean line over seeds and a min–max band,
// coloured by series (the legend names the arms), with log axes where the values span decades.
import type { TopLevelSpec } from 'vega-lite';
import type { BandPoint } from '../seedBands.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, LOG_AXIS, seriesColors, spansDecades, type Chart } from './chart.js';

/** One legend entry: its points, in x order. */
export interface Series {
  label: string;
  /** The arm it belongs to (series of one arm share a hue). */
  arm: string;
  points: BandPoint[];
}

export interface BandChartOptions {
  id: string;
  title: string;
  subtitle?: string;
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
  /** Points drawn as × at the top edge of the plot, at their x in their series' colour (e.g. an lr that diverged). */
  topMarks?: { series: string; x: number }[];
}

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

/** The chart; y is on a log axis when its values span more than two decades. */
export function bandChart(options: BandChartOptions): Chart {
  const all = options.series.flatMap((series) => series.points);
  const xLog = logAxis(options.xLog, all.map((point) => point.x));
  const yLog = spansDecades(all.flatMap((point) => [point.mean, point.min, point.max]));
  const rows = chartRows(options.series, xLog, yLog);
  const labels = options.series.map((series) => series.label);
  const x = {
    field: 'x', type: 'quantitative' as const, title: xLog ? `${options.xTitle}, log scale` : options.xTitle,
    scale: xLog ? { type: 'log' as const } : { zero: false },
    axis: options.xTicks !== undefined ? { values: options.xTicks, labelExpr: "format(datum.value, '~g')" } : xLog ? LOG_AXIS : {},
  };
  const color = {
    field: 'series', type: 'nominal' as const, title: 'arm',
    scale: { domain: labels, range: seriesColors(options.series) },
    // Line swatches at full opacity: the layers' legends merge, and a band's faint swatch would hide the colours.
    legend: { symbolType: 'stroke', symbolOpacity: 1 },
  };
  const yScale = yLog ? { type: 'log' as const } : { zero: false };
  const yAxis = yLog ? LOG_AXIS : {};
  const yTitle = yLog ? `${options.yTitle}, log scale` : options.yTitle;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title, subtitle: options.subtitle ?? 'line: mean over seeds; band: min to max over seeds' },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: CHART_CONFIG,
    layer: [
      {
        name: 'band',
        data: { values: rows },
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x, y: { field: 'min', type: 'quantitative', scale: yScale, axis: yAxis, title: yTitle }, y2: { field: 'max' }, color, description: { field: 'series' } },
      },
      {
        name: 'mean_line',
        data: { values: rows },
        mark: { type: 'line' },
        encoding: { x, y: { field: 'mean', type: 'quantitative', scale: yScale, axis: yAxis, title: yTitle }, color, description: { field: 'series' } },
      },
      ...(options.dots
        ? [{
            name: 'dots',
            data: { values: rows },
            mark: { type: 'point' as const, filled: true, size: 50 },
            encoding: { x, y: { field: 'mean', type: 'quantitative' as const, scale: yScale, axis: yAxis, title: yTitle }, color, description: { field: 'series' } },
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

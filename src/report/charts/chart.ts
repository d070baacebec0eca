// A chart of the report: a Vega-Lite spec with a stable id (its file name) and a title, plus the shared look.
import type { TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite/types_unstable/config.js';

/** One chart: `id` names its SVG file (`<id>.svg`), `title` heads it in the HTML report. */
export interface Chart {
  id: string;
  title: string;
  spec: TopLevelSpec;
  /** One sentence per theory line the chart draws (report/charts/theoryLines.ts); absent when it draws none. */
  theory?: string[];
}

/** Width of every chart in pixels, legend included: readable on a laptop screen and in a README. */
export const CHART_WIDTH = 800;
/** Height of a single-panel chart's plotting area, in pixels. */
export const CHART_HEIGHT = 420;

/** Fonts large enough to read at 800 px, white background, titles left-aligned; legend labels never cut (labelLimit 0: no limit). */
export const CHART_CONFIG: Config = {
  background: 'white',
  font: 'sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8, grid: true },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 0, symbolStrokeWidth: 3 },
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start', offset: 12 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  view: { stroke: '#ccc' },
  line: { strokeWidth: 2 },
};

/**
 * Distinct hues, one per series: Tableau 10 (Vega's default categorical palette), then ten dark hues that stay
 * apart from them and from white. Past twenty series the hues repeat (a chart of twenty lines is unreadable anyway).
 */
const SERIES_HUES = [
  '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#9c755f', '#edc948', '#ff9da7', '#bab0ac',
  '#000075', '#911eb4', '#808000', '#800000', '#008080', '#f032e6', '#3cb44b', '#9a6324', '#4363d8', '#404040',
];

/**
 * A colour per series, in order: every variant (arm × swept value) its own hue, since shades of one hue cannot be
 * told apart in a legend of more than two or three.
 */
export function seriesColors(count: number): string[] {
  return Array.from({ length: count }, (_, index) => SERIES_HUES[index % SERIES_HUES.length]);
}

/**
 * Pixels a legend label takes per character at 12 px as Vega estimates it in Node (0.8 em, without a canvas): a
 * legend estimated wider than the chart would shrink the plot to make room.
 */
const LEGEND_CHAR_WIDTH = 10;
/** Pixels of a legend entry besides its label: the swatch and the gap to the next column. */
const LEGEND_ENTRY_PADDING = 40;
/** Pixels left of the plot (the y axis, its labels and title), where a bottom legend does not reach. */
const Y_AXIS_WIDTH = 100;

/**
 * A legend under the plot, in as many columns as its longest label allows in the chart's width, with labels never
 * cut (labelLimit 0): two variants must never show the same legend text.
 */
export function bottomLegend(labels: readonly string[]): { orient: 'bottom'; direction: 'vertical'; columns: number; labelLimit: number } {
  const longest = Math.max(1, ...labels.map((label) => label.length));
  const columns = Math.max(1, Math.min(labels.length, Math.floor((CHART_WIDTH - Y_AXIS_WIDTH) / (longest * LEGEND_CHAR_WIDTH + LEGEND_ENTRY_PADDING))));
  return { orient: 'bottom', direction: 'vertical', columns, labelLimit: 0 };
}

/**
 * A log axis labelled at powers of ten only (1e-14 … 0.001, 0.01, 0.1, 1 … 1e+6): labels at every minor tick
 * crowd each other. A log axis spans more than two decades (spansDecades), so it always has two labels or more.
 */
export const LOG_AXIS = {
  labelExpr: "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) > 1e-6 ? '' : abs(log(datum.value) / LN10) < 3.5 ? format(datum.value, '~g') : format(datum.value, '.0e')",
};

/** Use a log axis when the positive values span more than two decades (max/min > 100). */
export function spansDecades(values: readonly number[], ratio = 100): boolean {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length === 0) return false;
  return Math.max(...positive) / Math.min(...positive) > ratio;
}

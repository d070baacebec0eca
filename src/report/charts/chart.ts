// A chart of the report: a Vega-Lite spec with a stable id (its file name) and a title, plus the shared look.
import type { TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite/types_unstable/config.js';

/** One chart: `id` names its SVG file (`<id>.svg`), `title` heads it in the HTML report. */
export interface Chart {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

/** Width of every chart in pixels, legend included: readable on a laptop screen and in a README. */
export const CHART_WIDTH = 800;
/** Height of a single-panel chart's plotting area, in pixels. */
export const CHART_HEIGHT = 420;

/** Fonts large enough to read at 800 px, white background, titles left-aligned. */
export const CHART_CONFIG: Config = {
  background: 'white',
  font: 'sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8, grid: true },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 260, symbolStrokeWidth: 3 },
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start', offset: 12 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  view: { stroke: '#ccc' },
  line: { strokeWidth: 2 },
};

/** Tableau 10, the categorical palette of Vega's default: one hue per arm (hues repeat past ten arms). */
const ARM_HUES = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#9c755f', '#edc948', '#ff9da7', '#bab0ac'];

/** `hex` mixed with black (t < 0) or white (t > 0) by |t|. */
function shade(hex: string, t: number): string {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const mixed = channels.map((c) => Math.round(t < 0 ? c * (1 + t) : c + (255 - c) * t));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A colour per series: series of one arm share the arm's hue, from dark to light in their order (e.g. by
 * increasing lr), so an arm's sweep reads as one family; arms take hues in order of first appearance.
 */
export function seriesColors(series: readonly { arm: string }[]): string[] {
  const arms = [...new Set(series.map((entry) => entry.arm))];
  const count = new Map(arms.map((arm) => [arm, series.filter((entry) => entry.arm === arm).length]));
  const seen = new Map<string, number>();
  return series.map(({ arm }) => {
    const index = seen.get(arm) ?? 0;
    seen.set(arm, index + 1);
    const hue = ARM_HUES[arms.indexOf(arm) % ARM_HUES.length];
    const n = count.get(arm) ?? 1;
    // Shades from 40 % darker to 40 % lighter: lighter than that is lost on white, darker turns black.
    return n === 1 ? hue : shade(hue, -0.4 + (0.8 * index) / (n - 1));
  });
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

// Headless chart rendering: Vega-Lite compiled to Vega, drawn by Vega's SVG renderer in Node (no browser, no canvas).
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from './charts/chart.js';

/** The chart as a standalone SVG document. */
export async function renderSvg(chart: Chart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// The shared line chart's choices, read from its spec and its SVG: a distinct colour per variant, full legend
// labels, a log y axis exactly when the values span more than two decades, and a domain diverged values do not set.
import { describe, expect, it } from 'vitest';
import { bandChart, type Series } from '../../../src/report/charts/bandChart.js';
import { renderSvg } from '../../../src/report/renderSvg.js';
import { legendLabels, markItems, parseSvg, svgWidth } from '../svgMarks.js';

/** A series of one arm falling from `start` to `end` over steps 0, 10, 20 (the middle point at their geometric mean). */
function falling(label: string, start: number, end: number, arm = 'sgd'): Series {
  const middle = Math.sqrt(start * end);
  return { label, arm, points: [start, middle, end].map((value, i) => ({ x: 10 * i, mean: value, min: value, max: value, n: 1 })) };
}

/** The y (and colour) scale settings of the chart's first layer. */
function encoding(chart: ReturnType<typeof bandChart>) {
  const layer = (chart.spec as unknown as { layer: { encoding: { y: { scale: Record<string, unknown> }; color: { scale: { range: string[] } } } }[] }).layer[0];
  return { y: layer.encoding.y.scale, colors: layer.encoding.color.scale.range };
}

const options = { id: 'test', title: 'test', xTitle: 'step', yTitle: 'loss' };

describe('bandChart', () => {
  it('gives each of 12 variants of one arm its own colour, and every legend label in full', async () => {
    // Long labels that differ only at their end: a label cut short would make two of them read alike.
    const labels = Array.from({ length: 12 }, (_, k) => `signsgd lr=0.001 schedule=cosine warmup_steps=${10 * k} (n=3)`);
    const chart = bandChart({ ...options, series: labels.map((label) => falling(label, 1, 0.1)) });
    const { colors } = encoding(chart);
    expect(colors).toHaveLength(12);
    expect(new Set(colors.map((color) => color.toLowerCase())).size).toBe(12);
    const svg = parseSvg(await renderSvg(chart));
    expect(legendLabels(svg)).toEqual(labels);
    expect(svgWidth(svg)).toBeLessThanOrEqual(800);
  });

  it('chooses a log y axis when the values span more than two decades, and a linear one otherwise', () => {
    // 1 → 1e-3 is three decades; 1 → 0.02 is 1.7.
    expect(encoding(bandChart({ ...options, series: [falling('a', 1, 1e-3)] })).y.type).toBe('log');
    expect(encoding(bandChart({ ...options, series: [falling('a', 1, 0.02)] })).y.type).toBeUndefined();
  });

  it('clamps the domain under a run that blows up, to 10 × the largest start', () => {
    // "b" starts at 2 and blows up to 1e6 on its way to diverging; "a" falls from 1 to 1e-3. Kept values: up to
    // 10 × 2 = 20, so 1e6 is out and the domain is [1e-3, 2] (b's 1414 = √(2·1e6) is out too).
    const chart = bandChart({ ...options, clampToStart: true, series: [falling('a', 1, 1e-3), falling('b', 2, 1e6)] });
    expect(encoding(chart).y).toMatchObject({ type: 'log', domain: [1e-3, 2] });
    // Without the clamp (final values against lr, say) the axis takes every value.
    expect(encoding(bandChart({ ...options, series: [falling('a', 1, 1e-3), falling('b', 2, 1e6)] })).y.domain).toBeUndefined();
  });

  it('keeps float32 rounding noise more than ten decades below the top off a log axis', () => {
    // precond-gd reaching 1e-14 beside a curve from 1: the domain stops at 1e-10 × 1.
    const chart = bandChart({ ...options, clampToStart: true, series: [falling('gd', 1, 0.05), falling('precond-gd', 1, 1e-14)] });
    expect(encoding(chart).y).toMatchObject({ type: 'log', domain: [1e-10, 1] });
  });

  it('shows a dot below the log floor as a ▼ at the bottom edge rather than dropping it', async () => {
    const dot = (label: string, x: number, value: number): Series => ({ label, arm: label, points: [{ x, mean: value, min: value, max: value, n: 1 }] });
    // Top 1e-3: floor 1e-13; precond-gd's 1e-15 lies under it.
    const chart = bandChart({ ...options, dots: true, series: [dot('sgd', 0.01, 1e-3), dot('gd', 0.05, 1e-4), dot('precond-gd', 0.5, 1e-15)] });
    const svg = parseSvg(await renderSvg(chart));
    expect(markItems(svg, 'bottom_marks').map((item) => item.label)).toEqual(['precond-gd']);
    expect(JSON.stringify(chart.spec.title)).toContain('▼: below 1.0e-13');
  });
});

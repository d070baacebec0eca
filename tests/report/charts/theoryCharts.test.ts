// The theory lines of the report's charts, drawn from synthetic result folders: each prediction dashed in the
// colour of its measured series, sharpness against its limit, the kernel distance's fitted slope, the closed-form
// lr limit as a rule; and no theory layer at all where the runs wrote no theory columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import type { OptimizerConfig } from '../../../src/config/types.js';
import type { Chart } from '../../../src/report/charts/chart.js';
import { directionErrorsChart } from '../../../src/report/charts/directionErrors.js';
import { kernelVsWidthChart } from '../../../src/report/charts/kernelVsWidth.js';
import { lossCurvesChart } from '../../../src/report/charts/lossCurves.js';
import { lrSensitivityChart } from '../../../src/report/charts/sensitivity.js';
import { sharpnessCharts } from '../../../src/report/charts/sharpness.js';
import { loadExperiment, type Experiment } from '../../../src/report/experiment.js';
import { experimentCharts } from '../../../src/report/experimentCharts.js';
import { groupRuns } from '../../../src/report/groups.js';
import { buildHtmlReport } from '../../../src/report/report.js';
import { renderSvg } from '../../../src/report/renderSvg.js';
import {
  analyticNtkCsv, directionsCsv, FIXTURE_RUNS, freshRoot, sharpnessCsv, theoryDirectionsCsv, writeExperiment, type FixtureRun,
} from '../fixtures.js';
import { legendLabels, markItems, parseSvg, pathVertices } from '../svgMarks.js';

const GD: OptimizerConfig = { kind: 'gd', name: 'gd', lr: 0.1, weight_decay: 0 };
const ADAM: OptimizerConfig = { kind: 'adam', name: 'adam', lr: 0.01, weight_decay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: true };

/** Two gd lrs, two seeds each, with NTK-predicted losses a little under the measured ones. */
const PREDICTED_RUNS: FixtureRun[] = [0.05, 0.1].flatMap((lr) => [0, 1].map((seed) => ({
  arm: 'gd', lr, sweptLr: true, seed, optimizer: GD,
  trainLoss: [1, 0.5 - lr - 0.01 * seed, 0.3 - lr],
  ntkPred: { train: [1, 0.48 - lr, 0.27 - lr], test: [1.05, 0.52 - lr, 0.31 - lr] },
})));

/** Directions of gd runs: σ = 4, 2, 1 (λ = 8, 2, 0.5) with measured and predicted errors at steps 0, 10, 20. */
const SIGMAS = [4, 2, 1];
const EIGENVALUES = [8, 2, 0.5];
const ERRORS = [[1, 0.01, 1e-4], [1, 0.1, 0.01], [1, 0.6, 0.36]];
const PREDICTED = [[1, 0.0101, 1.02e-4], [1, 0.1, 0.0101], [1, 0.6, 0.36]];
const DIRECTION_RUNS: FixtureRun[] = [0.05, 0.2].map((lr) => ({
  arm: 'gd', lr, sweptLr: true, seed: 0, optimizer: GD, trainLoss: [1, 0.1, 0.01],
  directions: theoryDirectionsCsv(SIGMAS, EIGENVALUES, ERRORS, PREDICTED),
}));

/** gd at two lrs (limit 2/lr) and adam (preconditioned sharpness and its limit only), steps 0, 10, 20. */
const SHARPNESS_RUNS: FixtureRun[] = [
  ...[0.1, 0.2].map((lr) => ({
    arm: 'gd', lr, sweptLr: true, seed: 0, optimizer: GD, trainLoss: [1, 0.5, 0.2],
    sharpness: sharpnessCsv([0, 10, 20].map((step) => [step, 2 + step * (1 / lr - 0.1) / 10, 2 / lr, null, null])),
  })),
  {
    arm: 'adam', lr: 0.01, sweptLr: false, seed: 0, optimizer: ADAM, trainLoss: [1, 0.3, 0.1],
    sharpness: sharpnessCsv([0, 10, 20].map((step) => [step, 5 + step, null, 100 + 10 * step, 380])),
  },
];

/** kernel_vs_analytic of an mlp at widths 64 … 4096 (two seeds): at init ∝ width^−0.5 roughly, at the end a little above. */
const WIDTHS = [64, 256, 1024, 4096];
const AT_INIT = [[0.26, 0.13, 0.061, 0.032], [0.24, 0.12, 0.065, 0.030]];
const AT_END = [[0.40, 0.18, 0.08, 0.037], [0.38, 0.17, 0.085, 0.036]];
const WIDTH_RUNS: FixtureRun[] = WIDTHS.flatMap((width, w) => [0, 1].map((seed) => ({
  arm: 'gd', lr: 0.1, sweptLr: false, seed, optimizer: GD, trainLoss: [1, 0.5, 0.2], extraSwept: { 'model.width': width },
  ntk: analyticNtkCsv([AT_INIT[seed][w], (AT_INIT[seed][w] + AT_END[seed][w]) / 2, AT_END[seed][w]]),
})));

let root: string;
let plain: Experiment;
let predicted: Experiment;
let directions: Experiment;
let sharpness: Experiment;
let widths: Experiment;

beforeAll(async () => {
  root = await freshRoot();
  const withOldDirections = FIXTURE_RUNS.map((run) => (run.arm === 'adam' ? { ...run, directions: directionsCsv([10, 1], [[1, 0.1, 0.01], [1, 0.9, 0.8]]) } : run));
  plain = await loadExperiment(await writeExperiment(root, 'plain', withOldDirections));
  predicted = await loadExperiment(await writeExperiment(root, 'predicted', PREDICTED_RUNS));
  directions = await loadExperiment(await writeExperiment(root, 'directions', DIRECTION_RUNS));
  sharpness = await loadExperiment(await writeExperiment(root, 'sharpness', SHARPNESS_RUNS));
  widths = await loadExperiment(await writeExperiment(root, 'widths', WIDTH_RUNS));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function drawn(chart: Chart | null) {
  expect(chart).not.toBeNull();
  return parseSvg(await renderSvg(chart!));
}

/** The names of a spec's layers, through facets. */
function layerNames(chart: Chart): string[] {
  const spec = chart.spec as { layer?: { name?: string }[]; spec?: { layer?: { name?: string }[] } };
  return (spec.layer ?? spec.spec?.layer ?? []).map((layer) => layer.name ?? '');
}

describe('no theory columns', () => {
  it('draws every existing chart without a theory layer, line-style legend or caption', () => {
    const charts = experimentCharts(plain);
    expect(charts.length).toBeGreaterThan(3);
    for (const chart of charts) {
      const text = JSON.stringify(chart.spec);
      expect(text).not.toContain('strokeDash');
      expect(layerNames(chart).filter((name) => /prediction|predicted|reference|rule/.test(name))).toEqual([]);
      expect(chart.theory).toBeUndefined();
    }
    // Folders written before directions.csv had hessian_eigenvalue and predicted_error read them as null.
    expect(plain.runs.find((run) => run.directions !== null)!.directions![0]).toMatchObject({ hessian_eigenvalue: null, predicted_error: null });
    expect(sharpnessCharts(plain)).toEqual([]);
    expect(kernelVsWidthChart(plain)).toBeNull();
  });
});

describe('NTK-predicted loss curves', () => {
  for (const metric of ['train_loss', 'test_loss'] as const) {
    it(`dashes ntk_pred_${metric} in the colour of the measured ${metric} of each group`, async () => {
      const chart = lossCurvesChart(predicted.name, groupRuns(predicted.runs), metric, 'step');
      expect(chart.theory).toHaveLength(1);
      const svg = await drawn(chart);
      const measured = markItems(svg, 'mean_line');
      const dashed = markItems(svg, 'prediction_line');
      expect(measured.map((item) => item.label).sort()).toEqual(['gd lr=0.05 (n=2)', 'gd lr=0.1 (n=2)']);
      expect(dashed.map((item) => item.label).sort()).toEqual(measured.map((item) => item.label).sort());
      for (const line of dashed) {
        const twin = measured.find((item) => item.label === line.label)!;
        expect(line.stroke).toBe(twin.stroke);
        expect(line.dash).not.toBe('');
        expect(twin.dash === '' || twin.dash === '1,0').toBe(true);
        expect(pathVertices(line.d)).toHaveLength(3);
      }
      // The two hues differ, so colour tells the lrs apart and the dash tells prediction from measurement.
      expect(new Set(measured.map((item) => item.stroke)).size).toBe(2);
      expect(legendLabels(svg)).toEqual(expect.arrayContaining(['measured (mean over seeds)', 'NTK prediction (mean over seeds)']));
      // The dashed line's second vertex is the seeds' mean prediction: 0.48 − lr for train; below the measured mean.
      const [line] = dashed.filter((item) => item.label === 'gd lr=0.05 (n=2)');
      const [twin] = measured.filter((item) => item.label === 'gd lr=0.05 (n=2)');
      expect(pathVertices(line.d)[1][1]).toBeGreaterThan(pathVertices(twin.d)[1][1]);
    });
  }
});

describe('predicted direction errors', () => {
  it('dashes predicted_error beside each measured direction in the same colour', async () => {
    const chart = directionErrorsChart(directions)!;
    expect(chart.theory).toHaveLength(1);
    const svg = await drawn(chart);
    const measured = markItems(svg, 'direction_line');
    const dashed = markItems(svg, 'predicted_line');
    // Two panels (lr 0.05, 0.2) × three directions.
    expect(measured).toHaveLength(6);
    expect(dashed).toHaveLength(6);
    for (const line of dashed) {
      const twin = measured.find((item) => `${item.label}, predicted` === line.label);
      expect(twin, line.label).toBeDefined();
      expect(line.stroke).toBe(twin!.stroke);
      expect(line.dash).not.toBe('');
    }
    expect(new Set(measured.map((item) => item.stroke)).size).toBe(3);
  });
});

describe('sharpness', () => {
  it('draws sharpness per group with its stability limit 2/lr dashed in the same colour, and adam on its own chart', async () => {
    const charts = sharpnessCharts(sharpness);
    expect(charts.map((chart) => chart.id)).toEqual(['sharpness-vs-step', 'precond-sharpness-vs-step']);
    const svg = await drawn(charts[0]);
    const measured = markItems(svg, 'mean_line');
    const limits = markItems(svg, 'prediction_line');
    // adam logged sharpness too (its limit is empty): a measured line, no dashed one.
    expect(measured.map((item) => item.label).sort()).toEqual(['adam (n=1)', 'gd lr=0.1 (n=1)', 'gd lr=0.2 (n=1)']);
    expect(limits.map((item) => item.label).sort()).toEqual(['gd lr=0.1 (n=1)', 'gd lr=0.2 (n=1)']);
    for (const line of limits) {
      expect(line.stroke).toBe(measured.find((item) => item.label === line.label)!.stroke);
      // A constant limit: a horizontal dashed line.
      const ys = pathVertices(line.d).map(([, y]) => y);
      expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(1e-6);
    }
    // The limit 2/lr = 20 for lr 0.1 sits above 10 for lr 0.2 (smaller pixel y).
    const y = (label: string) => pathVertices(limits.find((item) => item.label === label)!.d)[0][1];
    expect(y('gd lr=0.1 (n=1)')).toBeLessThan(y('gd lr=0.2 (n=1)'));
    const precond = await drawn(charts[1]);
    expect(markItems(precond, 'mean_line').map((item) => item.label)).toEqual(['adam (n=1)']);
    expect(markItems(precond, 'prediction_line').map((item) => item.label)).toEqual(['adam (n=1)']);
  });
});

/** Least-squares slope of log10 y on log10 x, written out here as the reference. */
function referenceSlope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log10);
  const ly = ys.map(Math.log10);
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0;
  let den = 0;
  lx.forEach((x, i) => {
    num += (x - mx) * (ly[i] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

describe('distance to the infinite-width kernel vs width', () => {
  it('gives each line the least-squares slope of its seed means, with a −1/2 reference', async () => {
    const chart = kernelVsWidthChart(widths)!;
    expect(chart.theory).toHaveLength(1);
    const svg = await drawn(chart);
    expect(markItems(svg, 'mean_line').map((item) => item.label).sort()).toEqual(['gd (n=2) at init', 'gd (n=2) at the end']);
    const means = (values: number[][]) => WIDTHS.map((_, w) => (values[0][w] + values[1][w]) / 2);
    const text = JSON.stringify(chart.spec.title);
    for (const [label, values] of [['gd (n=2) at init', AT_INIT], ['gd (n=2) at the end', AT_END]] as const) {
      const slope = referenceSlope(WIDTHS, means(values as unknown as number[][]));
      expect(text).toContain(`${label}: slope ${slope.toFixed(2).replace('-', '−')}`);
    }
    // The reference falls by exactly 2× per 4× of width: slope −1/2.
    const reference = markItems(svg, 'reference_line_0');
    expect(reference).toHaveLength(1);
    const spec = chart.spec as { layer: { name: string; data: { values: { x: number; y: number }[] } }[] };
    const points = spec.layer.find((layer) => layer.name === 'reference_line_0')!.data.values;
    expect(referenceSlope(points.map((point) => point.x), points.map((point) => point.y))).toBeCloseTo(-0.5, 12);
    expect(legendLabels(svg)).toContain('slope −1/2');
  });

  it('is not drawn when width is not swept', () => {
    expect(kernelVsWidthChart(sharpness)).toBeNull();
  });
});

describe('the closed-form stability limit on the lr-sensitivity chart', () => {
  it('draws a labelled rule at 2 / λ_max(H) in the series colour', async () => {
    const chart = lrSensitivityChart(directions, 'train_loss')!;
    expect(chart.theory).toHaveLength(1);
    const spec = chart.spec as { layer: { name: string; data: { values: { x: number; label: string }[] } }[] };
    const [rule] = spec.layer.find((layer) => layer.name === 'rule')!.data.values;
    // λ_max(H) = 8 from directions.csv; gd's constant is 2.
    expect(rule.x).toBe(2 / 8);
    expect(rule.label).toBe('lr_max = c/λ_max(H) = 0.250 (gd)');
    const svg = await renderSvg(chart);
    const [line] = markItems(parseSvg(svg), 'mean_line');
    // A rule is an SVG <line> in the series' colour, dashed.
    const rules = [...svg.matchAll(/<line aria-label="(lr_max[^"]*)"[^>]*stroke="([^"]+)"[^>]*stroke-dasharray="([^"]+)"/g)];
    expect(rules.map((match) => match[1])).toEqual(['lr_max = c/λ_max(H) = 0.250 (gd)']);
    expect(rules[0][2]).toBe(line.stroke);
  });

  it('draws none for an optimizer without a stability constant or runs without directions.csv', () => {
    expect(layerNames(lrSensitivityChart(plain, 'train_loss')!)).not.toContain('rule');
  });
});

describe('the HTML report', () => {
  it('explains each theory line under its chart in one sentence, and adds nothing to charts without one', async () => {
    const html = await buildHtmlReport([directions]);
    const captions = [...html.matchAll(/<figure id="[^"]*" data-chart="([^"]+)"[\s\S]*?<\/figure>/g)]
      .map((match) => [match[1], /<figcaption class="theory">([\s\S]*?)<\/figcaption>/.exec(match[0])?.[1] ?? null] as const);
    const byChart = new Map(captions);
    expect(byChart.get('direction-errors-vs-step')).toMatch(/^<p>Dashed: the error gd’s recursion predicts[^<]*exact for full-batch gd[^<]*<\/p>$/);
    expect(byChart.get('lr-sensitivity-train_loss')).toMatch(/^<p>Vertical rule: lr_max = c \/ λ_max\(H\)[^<]*<\/p>$/);
    expect(byChart.get('curves-train_loss-vs-step')).toBeNull();
    const plainHtml = await buildHtmlReport([plain]);
    expect(plainHtml).not.toContain('<figcaption');
  });
});

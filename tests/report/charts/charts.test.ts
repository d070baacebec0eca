// Every chart drawn to SVG and read back as XML: one series per legend entry, the expected number of points,
// axis titles with units, 800 px wide, and point positions that follow the values recomputed from the files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { lossCurvesChart } from '../../../src/report/charts/lossCurves.js';
import { lrSensitivityChart, sensitivityChart } from '../../../src/report/charts/sensitivity.js';
import { ntkDriftChart, ntkDriftVsScaleCharts } from '../../../src/report/charts/ntkDrift.js';
import { directionErrorsChart, directionsShown, panelColumns } from '../../../src/report/charts/directionErrors.js';
import { linGapChart } from '../../../src/report/charts/linGap.js';
import { profileChart } from '../../../src/report/charts/profileChart.js';
import type { Chart } from '../../../src/report/charts/chart.js';
import { loadExperiment, type Experiment } from '../../../src/report/experiment.js';
import { chartMetrics, experimentCharts } from '../../../src/report/experimentCharts.js';
import { groupRuns } from '../../../src/report/groups.js';
import { performanceProfile } from '../../../src/report/performanceProfile.js';
import { renderSvg } from '../../../src/report/renderSvg.js';
import { directionsCsv, FIXTURE_RUNS, freshRoot, ntkCsv, writeExperiment, writeProfileProblems, type FixtureRun } from '../fixtures.js';
import { axisTitles, legendLabels, markItems, parseSvg, pathVertices, svgWidth } from '../svgMarks.js';

/** Directions of the adam runs: σ = 10, 3, 1 with errors at steps 0, 10, 20 (the large-σ direction is learned first). */
const SIGMAS = [10, 3, 1];
const ERRORS = [[1, 0.01, 1e-4], [1, 0.1, 0.01], [1, 0.5, 0.3]];

/** An MLP-like sweep over width: kernel_rel_change at steps 0, 5, 10 per seed. */
const NTK_RUNS: FixtureRun[] = [
  { arm: 'sgd', lr: 0.1, sweptLr: false, seed: 0, trainLoss: [1, 0.5, 0.2], extraSwept: { 'model.width': 16 }, ntk: ntkCsv([0, 0.2, 0.4]) },
  { arm: 'sgd', lr: 0.1, sweptLr: false, seed: 1, trainLoss: [1, 0.5, 0.2], extraSwept: { 'model.width': 16 }, ntk: ntkCsv([0, 0.3, 0.5]) },
  { arm: 'sgd', lr: 0.1, sweptLr: false, seed: 0, trainLoss: [1, 0.5, 0.2], extraSwept: { 'model.width': 64 }, ntk: ntkCsv([0, 0.05, 0.1]) },
  { arm: 'sgd', lr: 0.1, sweptLr: false, seed: 1, trainLoss: [1, 0.5, 0.2], extraSwept: { 'model.width': 64 }, ntk: ntkCsv([0, 0.06, 0.12]) },
];

let root: string;
let linear: Experiment;
let ntk: Experiment;
let problems: Experiment[];

beforeAll(async () => {
  root = await freshRoot();
  const withDirections = FIXTURE_RUNS.map((run) => (run.arm === 'adam' ? { ...run, directions: directionsCsv(SIGMAS, ERRORS) } : run));
  linear = await loadExperiment(await writeExperiment(root, 'fixture', withDirections));
  ntk = await loadExperiment(await writeExperiment(root, 'ntk-fixture', NTK_RUNS));
  problems = [];
  for (const dir of await writeProfileProblems(root)) problems.push(await loadExperiment(dir));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function drawn(chart: Chart | null) {
  expect(chart).not.toBeNull();
  return parseSvg(await renderSvg(chart!));
}

/** Asserts one line per legend entry with the given vertex counts, and returns the lines by label. */
function expectSeries(svg: ReturnType<typeof parseSvg>, markName: string, vertexCounts: Record<string, number>) {
  const items = markItems(svg, markName);
  expect(items.map((item) => item.label).sort()).toEqual(Object.keys(vertexCounts).sort());
  expect(legendLabels(svg).sort()).toEqual(Object.keys(vertexCounts).sort());
  for (const item of items) expect(pathVertices(item.d), item.label).toHaveLength(vertexCounts[item.label]);
  return new Map(items.map((item) => [item.label, pathVertices(item.d)]));
}

/** The centre of a symbol drawn with transform="translate(x,y)". */
function symbolCentre(transform: string): [number, number] {
  const [x, y] = /translate\(([^,]+),([^)]+)\)/.exec(transform)!.slice(1).map(Number);
  return [x, y];
}

describe('loss curves', () => {
  it('draws one mean line and one band per group, one vertex per logged step, the diverged seed not stretching y', async () => {
    const chart = lossCurvesChart(linear.name, groupRuns(linear.runs), 'train_loss', 'step');
    const svg = await drawn(chart);
    expect(svgWidth(svg)).toBe(800);
    // sgd lr=0.2's diverged seed logged step 13 too: 0, 10, 13, 20. Legends count each group's finished seeds (n).
    const lines = expectSeries(svg, 'mean_line', { 'adam (n=2)': 3, 'sgd lr=0.05 (n=2)': 3, 'sgd lr=0.1 (n=3)': 3, 'sgd lr=0.2 (n=3)': 4 });
    // A band's outline goes along the max and back along the min: two vertices per step.
    for (const band of markItems(svg, 'band')) expect(pathVertices(band.d)).toHaveLength(2 * lines.get(band.label)!.length);
    // Without the diverged seed's 5e7 (above 10 × the start of 1), the values span 1 .. 0.01: two decades, not more,
    // so the axis is linear, and its domain ends at 1, not at 5e7.
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['step (optimizer updates)', 'train loss (MSE)']));
    expect(JSON.stringify(chart.spec)).toContain('"domain":[0.01,1]');
    // adam's means over its two finished seeds: 1, 0.15, 0.015; on a linear axis the pixel drops are as 0.85 : 0.135.
    const [[, y0], [, y1], [, y2]] = lines.get('adam (n=2)')!;
    expect((y1 - y0) / (y2 - y1)).toBeCloseTo(0.85 / 0.135, 2);
    // The diverged seed is an × in its series' colour at step 13, where its curve stops.
    const crosses = markItems(svg, 'top_marks');
    expect(crosses.map((cross) => cross.label)).toEqual(['sgd lr=0.2 (n=3)']);
    const x13 = symbolCentre(crosses[0].transform)[0];
    const [[x0], [x10]] = lines.get('sgd lr=0.2 (n=3)')!;
    expect((x13 - x0) / (x10 - x0)).toBeCloseTo(13 / 10, 2);
  });

  it('draws against wall time at each step\'s mean wall_ms over seeds', async () => {
    const svg = await drawn(lossCurvesChart(linear.name, groupRuns(linear.runs), 'test_loss', 'wall_ms'));
    const lines = expectSeries(svg, 'mean_line', { 'adam (n=2)': 3, 'sgd lr=0.05 (n=2)': 3, 'sgd lr=0.1 (n=3)': 3, 'sgd lr=0.2 (n=3)': 4 });
    expect(axisTitles(svg)).toContain('wall time (ms since the cohort started training)');
    // sgd lr=0.2 (wall_ms = 2 step + seed + 1): step 0 at mean 2, step 10 at 22, step 13 at 27 (seed 0 only), step 20 at 42.5
    // (seeds 1, 2): equal x scale, so pixel gaps are in the ratio 20 : 5 : 15.5.
    const [[x0], [x1], [x2], [x3]] = lines.get('sgd lr=0.2 (n=3)')!;
    expect((x1 - x0) / (x2 - x1)).toBeCloseTo(20 / 5, 2);
    expect((x3 - x2) / (x2 - x1)).toBeCloseTo(15.5 / 5, 2);
  });
});

describe('learning-rate sensitivity', () => {
  it('draws final loss vs lr per arm, a diverged lr as an × at the top', async () => {
    const svg = await drawn(lrSensitivityChart(linear, 'train_loss'));
    // sgd: lr 0.05 and 0.1 (0.2 had a diverged seed); adam: its one lr. sgd's lrs have 2, 3 and 3 finished seeds.
    expectSeries(svg, 'mean_line', { 'adam (n=2)': 1, 'sgd (n=2–3)': 2 });
    const dots = markItems(svg, 'dots');
    expect(dots.map((dot) => dot.label).sort()).toEqual(['adam (n=2)', 'sgd (n=2–3)', 'sgd (n=2–3)']);
    const crosses = markItems(svg, 'top_marks');
    expect(crosses.map((cross) => cross.label)).toEqual(['sgd (n=2–3)']);
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['learning rate, log scale']));
    // On the log lr axis: x(0.1) − x(0.05) : x(0.05) − x(0.01) = ln 2 : ln 5, and the × sits ln 2 further right.
    const x = (label: string, index: number) => symbolCentre(dots.filter((dot) => dot.label === label)[index].transform)[0];
    const xs = dots.map((dot) => symbolCentre(dot.transform)[0]).sort((a, b) => a - b);
    expect((xs[2] - xs[1]) / (xs[1] - xs[0])).toBeCloseTo(Math.log(2) / Math.log(5), 2);
    expect(symbolCentre(crosses[0].transform)[0] - x('sgd (n=2–3)', 1)).toBeCloseTo(xs[2] - xs[1], 1);
  });

  it('leaves an lr = 0 control off the log axis, saying so, and draws the other lrs as before', async () => {
    const withControl = [...FIXTURE_RUNS, { arm: 'sgd', lr: 0, sweptLr: true, seed: 0, trainLoss: [1, 1, 1] }];
    const experiment = await loadExperiment(await writeExperiment(root, 'zero-lr', withControl));
    const chart = lrSensitivityChart(experiment, 'train_loss')!;
    expect(JSON.stringify(chart.spec.title)).toContain('lr = 0 is off the log axis');
    const svg = await drawn(chart);
    // sgd keeps exactly its two finished lrs (0.05, 0.1): no vertex at log(0) = -Infinity.
    expectSeries(svg, 'mean_line', { 'adam (n=2)': 1, 'sgd (n=2–3)': 2 });
  });

  it('is left out when no arm ran at more than one lr', () => {
    expect(lrSensitivityChart(ntk, 'train_loss')).toBeNull();
  });
});

describe('weight-decay sensitivity', () => {
  // adamw-vs-l2's shape: each decaying arm swept over its own decays, and plain adam (no decay) beside them.
  const decayRuns = (arm: string, weightDecay: number, finals: [number, number]): FixtureRun[] =>
    finals.map((final, seed) => ({ arm, lr: 0.003, sweptLr: false, seed, trainLoss: [1, 0.5, final], weightDecay, extraSwept: { 'optimizer.weight_decay': weightDecay } }));
  const RUNS: FixtureRun[] = [
    ...decayRuns('adam-l2', 0.01, [0.4, 0.5]),
    ...decayRuns('adam-l2', 0.1, [0.3, 0.3]),
    ...decayRuns('adamw', 1, [0.45, 0.45]),
    ...decayRuns('adamw', 10, [0.31, 0.33]),
    { arm: 'adam', lr: 0.003, sweptLr: false, seed: 0, trainLoss: [1, 0.5, 0.55] },
  ];

  it('draws final loss vs weight decay per arm on a log axis, leaving no-decay runs off it, saying so', async () => {
    const experiment = await loadExperiment(await writeExperiment(root, 'decays', RUNS));
    const chart = sensitivityChart(experiment, 'train_loss', 'weight_decay')!;
    expect(chart.id).toBe('weight-decay-sensitivity-train_loss');
    expect(JSON.stringify(chart.spec.title)).toContain('weight_decay = 0 is off the log axis');
    const svg = await drawn(chart);
    expectSeries(svg, 'mean_line', { 'adam-l2 (n=2)': 2, 'adamw (n=2)': 2 });
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['weight decay, log scale']));
    // On the log axis the four decays 0.01, 0.1, 1, 10 are equally spaced (one decade each).
    const xs = markItems(svg, 'dots').map((dot) => symbolCentre(dot.transform)[0]).sort((a, b) => a - b);
    expect((xs[2] - xs[1]) / (xs[1] - xs[0])).toBeCloseTo(1, 2);
    expect((xs[3] - xs[2]) / (xs[1] - xs[0])).toBeCloseTo(1, 2);
  });

  it('is left out when no arm sweeps its decay', () => {
    expect(sensitivityChart(linear, 'train_loss', 'weight_decay')).toBeNull();
  });
});

describe('NTK drift', () => {
  it('draws kernel_rel_change vs step per group, one vertex per NTK evaluation', async () => {
    const svg = await drawn(ntkDriftChart(ntk));
    const lines = expectSeries(svg, 'mean_line', { 'sgd width=16 (n=2)': 3, 'sgd width=64 (n=2)': 3 });
    // Linear y (0.05..0.5 is one decade): width 16's means 0, 0.25, 0.45 step up in pixels as 0.25 : 0.2.
    const [[, y0], [, y1], [, y2]] = lines.get('sgd width=16 (n=2)')!;
    expect((y1 - y0) / (y2 - y1)).toBeCloseTo(0.25 / 0.2, 2);
  });

  it('draws the final drift vs the swept width as a line on log-log axes, with the fitted slope', async () => {
    const charts = ntkDriftVsScaleCharts(ntk);
    expect(charts.map((chart) => chart.id)).toEqual(['ntk-drift-vs-width']);
    const svg = await drawn(charts[0]);
    expectSeries(svg, 'mean_line', { 'sgd (n=2)': 2 });
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['hidden width (units per layer), log scale', 'final NTK change ‖K_t − K_0‖_F / ‖K_0‖_F, log scale']));
    // Final drifts: width 16 → (0.4 + 0.5)/2 = 0.45, width 64 → (0.1 + 0.12)/2 = 0.11. Two points: the slope is
    // ln(0.11 / 0.45) / ln(64 / 16) = ln(0.24444) / ln 4 = −1.40877 / 1.38629 = −1.016.
    expect(JSON.stringify(charts[0].spec.title)).toContain('sgd (n=2): slope −1.02');
  });

  it('draws one line across a zipped output scale (lr = 0.5 / α² moving with it), not one dot per lr', async () => {
    // gd at α = 1, 2, 4 with lr 0.5, 0.125, 0.03125; final drifts 0.8, 0.2, 0.05 (∝ α^−2).
    const runs: FixtureRun[] = [[1, 0.5, 0.8], [2, 0.125, 0.2], [4, 0.03125, 0.05]].map(([alpha, lr, drift]) => (
      { arm: 'gd', lr, sweptLr: true, seed: 0, trainLoss: [1, 0.5, 0.2], extraSwept: { 'model.output_scale': alpha }, ntk: ntkCsv([0, drift / 2, drift]) }));
    const experiment = await loadExperiment(await writeExperiment(root, 'lazy-fixture', runs));
    const [chart] = ntkDriftVsScaleCharts(experiment);
    expect(chart.id).toBe('ntk-drift-vs-output-scale');
    const lines = expectSeries(await drawn(chart), 'mean_line', { 'gd (n=1)': 3 });
    // Exactly a power law: equal pixel steps on both log axes (each α doubling divides the drift by 4).
    const [[x0, y0], [x1, y1], [x2, y2]] = lines.get('gd (n=1)')!;
    expect((x2 - x1) / (x1 - x0)).toBeCloseTo(1, 3);
    expect((y2 - y1) / (y1 - y0)).toBeCloseTo(1, 3);
    expect(JSON.stringify(chart.spec.title)).toContain('gd (n=1): slope −2.00');
  });

  it('names, and does not draw, a line whose kernel never moved (a linearized model)', async () => {
    const still = NTK_RUNS.map((run) => ({ ...run, arm: 'lin', ntk: ntkCsv([0, 0, 0]) }));
    const experiment = await loadExperiment(await writeExperiment(root, 'still-fixture', [...NTK_RUNS, ...still]));
    const [chart] = ntkDriftVsScaleCharts(experiment);
    expect(JSON.stringify(chart.spec.title)).toContain('drift 0 throughout, not drawn: lin (n=2)');
    expectSeries(await drawn(chart), 'mean_line', { 'sgd (n=2)': 2 });
  });

  it('draws f − f_lin (ntk.csv lin_gap) vs step, leaving out groups whose gap is 0 throughout, saying so', async () => {
    // lin_gap = kernel_rel_change / 10 in the fixture: width 16's means over seeds 0, 0.025, 0.045.
    const zeroGap = [...NTK_RUNS.slice(0, 2), ...NTK_RUNS.slice(2).map((run) => ({ ...run, ntk: ntkCsv([0, 0, 0]) }))];
    const experiment = await loadExperiment(await writeExperiment(root, 'gap-fixture', zeroGap));
    const chart = linGapChart(experiment)!;
    expect(JSON.stringify(chart.spec.title)).toContain('gap 0 throughout, not drawn: sgd width=64 (n=2)');
    const lines = expectSeries(await drawn(chart), 'mean_line', { 'sgd width=16 (n=2)': 3 });
    const [[, y0], [, y1], [, y2]] = lines.get('sgd width=16 (n=2)')!;
    expect((y1 - y0) / (y2 - y1)).toBeCloseTo(0.025 / 0.02, 2);
    expect(linGapChart(linear)).toBeNull();
  });

  it('is left out for runs without ntk.csv', () => {
    expect(ntkDriftChart(linear)).toBeNull();
    expect(ntkDriftVsScaleCharts(linear)).toEqual([]);
  });
});

describe('direction errors', () => {
  it('draws one line per singular direction of each group that wrote directions.csv', async () => {
    const svg = await drawn(directionErrorsChart(linear));
    const items = markItems(svg, 'direction_line');
    expect(items.map((item) => item.label)).toEqual(['adam: direction 0 (σ = 10.0)', 'adam: direction 1 (σ = 3.00)', 'adam: direction 2 (σ = 1.00)']);
    for (const item of items) expect(pathVertices(item.d)).toHaveLength(3);
    expect(directionErrorsChart(ntk)).toBeNull();
  });

  it('puts as many panels in a row as their titles fit over, never cutting a title', () => {
    // 625 px for the panels: 3 columns give 188 px each, 2 give 292, 1 gives 605; titles take 8 px a character.
    expect(panelColumns(['x'.repeat(20), 'y', 'z', 'w'])).toBe(3);
    expect(panelColumns(['x'.repeat(30), 'y', 'z'])).toBe(2);
    expect(panelColumns(['x'.repeat(40), 'y', 'z'])).toBe(1);
    expect(panelColumns(['a', 'b'])).toBe(2);
  });

  it('draws at most 8 of many directions, evenly spaced, the largest and smallest σ included', () => {
    const all = Array.from({ length: 32 }, (_, k) => k);
    // round(k · 31 / 7) for k = 0..7.
    expect(directionsShown(all)).toEqual([0, 4, 9, 13, 18, 22, 27, 31]);
    expect(directionsShown([0, 1, 2])).toEqual([0, 1, 2]);
  });
});

describe('performance profile chart', () => {
  it('draws ρ(τ) per arm as a step function held to the end of the τ axis', async () => {
    const svg = await drawn(profileChart(performanceProfile(problems, 0.1)));
    // Each arm has points at τ = 1 and 2, plus the end of the axis: 3 points; a step-after line
    // adds a corner before each point after the first: 1 + 2 · 2 = 5 vertices.
    const lines = expectSeries(svg, 'profile_line', { x: 5, y: 5 });
    // y: ρ = 2/3 at τ = 1, then 1; x: 1/3, then 2/3. On the [0, 1] axis, x's first level is halfway down y's.
    const [, yStart] = lines.get('y')![0];
    const [, xStart] = lines.get('x')![0];
    const [, yTop] = lines.get('y')![4];
    const bottom = yTop + (yStart - yTop) * 3; // ρ = 0 lies 3 × (1 − 2/3) below ρ = 1
    expect((bottom - xStart) / (bottom - yStart)).toBeCloseTo((1 / 3) / (2 / 3), 2);
  });
});

describe('experimentCharts', () => {
  it('draws curves and lr sensitivity per metric, then the NTK and direction charts the files allow', () => {
    expect(experimentCharts(linear).map((chart) => chart.id)).toEqual([
      'curves-train_loss-vs-step', 'curves-test_loss-vs-step', 'lr-sensitivity-train_loss', 'lr-sensitivity-test_loss', 'direction-errors-vs-step',
    ]);
    expect(experimentCharts(ntk, { metrics: ['train_loss'], x: 'examples' }).map((chart) => chart.id)).toEqual([
      'curves-train_loss-vs-examples', 'ntk-drift-vs-step', 'ntk-drift-vs-width', 'lin-gap-vs-step',
    ]);
  });

  it('keeps every chart within 800 px', async () => {
    for (const experiment of [linear, ntk]) {
      for (const chart of experimentCharts(experiment)) expect(svgWidth(await drawn(chart)), chart.id).toBeLessThanOrEqual(800);
    }
  });

  it('adds update_norm by default when the runs differ in bias_correction, and only then', () => {
    const withCorrection = (on: (arm: string) => boolean): Experiment => ({
      ...linear,
      runs: linear.runs.map((run) => ({
        ...run,
        record: { ...run.record, config: { ...run.record.config, optimizer: { ...run.record.config.optimizer, bias_correction: on(run.record.arm) } } },
      })),
    });
    expect(chartMetrics(withCorrection((arm) => arm === 'adam'), undefined)).toEqual(['train_loss', 'test_loss', 'update_norm']);
    expect(chartMetrics(withCorrection(() => true), undefined)).toEqual(['train_loss', 'test_loss']);
  });

  it('refuses a metric that is not a curve column or that no run logged', () => {
    expect(() => experimentCharts(linear, { metrics: ['loss'] })).toThrow(/--metric takes a curve.csv column/);
    expect(() => experimentCharts(linear, { metrics: ['test_acc'] })).toThrow(/no run of fixture logged it/);
  });
});

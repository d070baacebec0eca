// The NTK and direction finals in the summary (and --sort by them), and `plot --metric` drawing ntk.csv and
// directions.csv columns: values hand-chosen in the fixture's files.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment, type Experiment } from '../../src/report/experiment.js';
import { chartMetrics, experimentCharts } from '../../src/report/experimentCharts.js';
import { summarizeExperiment } from '../../src/report/summarize.js';
import { directionsCsv, freshRoot, ntkCsv, writeExperiment, type FixtureRun } from './fixtures.js';

let root: string;
let experiment: Experiment;

/** Two arms of two seeds; the kernel drift at the last NTK row and the errors at step 20 are chosen here. */
const RUNS: FixtureRun[] = [
  { arm: 'wide', lr: 0.1, sweptLr: false, seed: 0, trainLoss: [1, 0.5, 0.2], ntk: ntkCsv([0, 0.01, 0.02]), directions: directionsCsv([10, 1], [[1, 0.1, 0.001], [1, 0.9, 0.5]]) },
  { arm: 'wide', lr: 0.1, sweptLr: false, seed: 1, trainLoss: [1, 0.5, 0.2], ntk: ntkCsv([0, 0.02, 0.04]), directions: directionsCsv([10, 1], [[1, 0.1, 0.003], [1, 0.9, 0.7]]) },
  { arm: 'narrow', lr: 0.1, sweptLr: false, seed: 0, trainLoss: [1, 0.5, 0.2], ntk: ntkCsv([0, 0.1, 0.3]), directions: directionsCsv([10, 1], [[1, 0.1, 0.01], [1, 0.9, 0.2]]) },
  { arm: 'narrow', lr: 0.1, sweptLr: false, seed: 1, trainLoss: [1, 0.5, 0.2], ntk: ntkCsv([0, 0.1, 0.5]), directions: directionsCsv([10, 1], [[1, 0.1, 0.03], [1, 0.9, 0.4]]) },
];

beforeAll(async () => {
  root = await freshRoot();
  experiment = await loadExperiment(await writeExperiment(root, 'drift', RUNS));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('NTK and direction finals', () => {
  it('are summary columns: the mean over seeds of the last ntk.csv row and of the last step of directions.csv', () => {
    const summary = summarizeExperiment(experiment, { sortKey: 'final_kernel_rel_change' });
    expect(summary.metricNames).toEqual(expect.arrayContaining(['final_kernel_rel_change', 'final_lin_gap', 'final_error_largest_sigma', 'final_error_smallest_sigma']));
    // Sorted by drift, lowest first: wide (mean of 0.02, 0.04 = 0.03) before narrow (0.3, 0.5: 0.4).
    expect(summary.groups.map((group) => group.arm)).toEqual(['wide', 'narrow']);
    const [wide, narrow] = summary.groups;
    expect(wide.metrics.final_kernel_rel_change.mean).toBeCloseTo(0.03, 15);
    // ntkCsv's lin_gap is kernel_rel_change / 10.
    expect(narrow.metrics.final_lin_gap.mean).toBeCloseTo(0.04, 15);
    // At step 20, σ = 10 (largest) has errors 0.001, 0.003 for wide; σ = 1 (smallest) 0.2, 0.4 for narrow.
    expect(wide.metrics.final_error_largest_sigma.mean).toBeCloseTo(0.002, 15);
    expect(narrow.metrics.final_error_smallest_sigma.mean).toBeCloseTo(0.3, 15);
    const bySlowDirection = summarizeExperiment(experiment, { sortKey: 'final_error_smallest_sigma' });
    expect(bySlowDirection.groups.map((group) => group.arm)).toEqual(['narrow', 'wide']);
  });

  it('can be plotted by their ntk.csv and directions.csv column names', () => {
    expect(chartMetrics(experiment, ['kernel_alignment', 'error'])).toEqual(['kernel_alignment', 'error']);
    const ids = experimentCharts(experiment, { metrics: ['kernel_alignment', 'lin_gap'] }).map((chart) => chart.id);
    expect(ids).toEqual(expect.arrayContaining(['ntk-kernel-alignment-vs-step', 'ntk-lin-gap-vs-step']));
    expect(() => chartMetrics(experiment, ['kernel_drift'])).toThrow(/an ntk\.csv column \(kernel_rel_change, kernel_alignment/);
  });
});

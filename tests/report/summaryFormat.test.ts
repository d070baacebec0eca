// The summary's text formats: CSV and JSON hold the numbers at full precision, the tables show mean ± std best first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { loadExperiment } from '../../src/report/experiment.js';
import { summarizeExperiment, type ExperimentSummary } from '../../src/report/summarize.js';
import { compactNumber, formatSummaries } from '../../src/report/summaryFormat.js';
import { finishedRuns, groupOf, referenceMean, referenceStd } from './curveFiles.js';
import { FIXTURE_RUNS, freshRoot, writeExperiment } from './fixtures.js';

let root: string;
let dir: string;
let summary: ExperimentSummary;

beforeAll(async () => {
  root = await freshRoot();
  dir = await writeExperiment(root, 'fixture', FIXTURE_RUNS);
  summary = summarizeExperiment(await loadExperiment(dir), { target: 0.25 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('formatSummaries', () => {
  it('writes CSV whose numbers read back as the values recomputed from curve.csv', () => {
    const [header, ...lines] = formatSummaries([summary], 'csv').trim().split('\n');
    const columns = header.split(',');
    expect(columns.slice(0, 5)).toEqual(['experiment', 'arm', 'optimizer.lr', 'seeds', 'diverged']);
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
    // adam's lr is not swept, but it is what tells it apart, so its value (0.01, from its run.json config) is shown too.
    expect(rows.map((row) => `${row.arm} ${row['optimizer.lr']}`)).toEqual(['adam 0.01', 'sgd 0.1', 'sgd 0.05', 'sgd 0.2']);
    const sgd = rows[1];
    const finals = groupOf(finishedRuns(dir), 'sgd', { 'optimizer.lr': 0.1 }).map((run) => run.rows[run.rows.length - 1].test_loss);
    expect(Number(sgd.final_test_loss_mean)).toBeCloseTo(referenceMean(finals), 14);
    expect(Number(sgd.final_test_loss_std)).toBeCloseTo(referenceStd(finals), 14);
    expect(sgd.steps_to_target_median).toBe('20');
    expect(sgd.steps_to_target_mean).toBe('Infinity');
    expect(sgd.not_reached).toBe('1');
  });

  it('writes JSON with infinite times as strings, as run.json does', () => {
    const [parsed] = JSON.parse(formatSummaries([summary], 'json'));
    expect(parsed.experiment).toBe('fixture');
    expect(parsed.target).toBe(0.25);
    expect(parsed.groups[1].steps_to_target_mean).toBe('Infinity');
    expect(parsed.groups[1].final_train_loss_mean).toBeCloseTo(0.2, 15);
    // adam has two seeds, so it has a std; a group of one seed would have null.
    expect(parsed.groups[0].final_train_loss_std).toBeCloseTo(Math.SQRT1_2 * 0.01, 15);
  });

  it('shows mean ± std, the best group first', () => {
    const table = formatSummaries([summary], 'table');
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^#\s+arm\s+lr\s+n\s+diverged\s+final train loss/);
    expect(lines[2]).toMatch(/^1\s+adam\s/);
    // adam final train losses 0.01 and 0.02: mean 0.015, s = 0.005·√2 ≈ 0.00707.
    expect(lines[2]).toContain('0.015 ± 0.00707');
    expect(table).toContain('not reached');
    const md = formatSummaries([summary], 'md');
    expect(md.split('\n')[1]).toMatch(/^\| --- \|/);
  });

  it('has an em dash for the std of a group of one seed', async () => {
    const oneSeed = await writeExperiment(root, 'one-seed', [{ arm: 'gd', lr: 0.1, sweptLr: false, seed: 0, trainLoss: [1, 0.5, 0.25] }]);
    const table = formatSummaries([summarizeExperiment(await loadExperiment(oneSeed))], 'table');
    expect(table.split('\n')[2]).toContain('0.25 ± —');
  });

  it('leaves a cell blank where no run of the group has the value (an infinite-ntk run has no parameters)', () => {
    const groups = summary.groups.map((group, g) =>
      g === 0 ? { ...group, metrics: { ...group.metrics, final_train_loss: { mean: Number.NaN, std: null, n: 0 } } } : group,
    );
    const [, , first, second] = formatSummaries([{ ...summary, groups }], 'table').split('\n');
    expect(first).not.toContain('NaN');
    // The first group's row has one cell fewer with a number than the second's.
    expect(first.match(/ ± /g)!.length).toBe(second.match(/ ± /g)!.length - 1);
  });

  it('spells numbers for the eye with three significant digits', () => {
    expect(compactNumber(0.000123456)).toBe('1.23e-4');
    expect(compactNumber(0.0123456)).toBe('0.0123');
    expect(compactNumber(1234567)).toBe('1.23e+6');
    expect(compactNumber(1e-4)).toBe('1e-4');
    expect(compactNumber(Infinity)).toBe('Infinity');
  });
});

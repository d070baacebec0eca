// The summary against numbers recomputed in the test from the curve.csv files of a small experiment folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../src/lib/errors.js';
import { loadExperiment, type Experiment } from '../../src/report/experiment.js';
import { summarizeExperiment } from '../../src/report/summarize.js';
import { finishedRuns, groupOf, referenceMean, referenceStd, type RunOnDisk } from './curveFiles.js';
import { FIXTURE_RUNS, freshRoot, writeExperiment, writeNonExperiment } from './fixtures.js';

let root: string;
let dir: string;
let experiment: Experiment;
let onDisk: RunOnDisk[];

beforeAll(async () => {
  root = await freshRoot();
  dir = await writeExperiment(root, 'fixture', FIXTURE_RUNS);
  experiment = await loadExperiment(dir);
  onDisk = finishedRuns(dir);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Relative closeness, for sums taken in another order. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

const GROUPS: { label: string; arm: string; swept: Record<string, number> }[] = [
  { label: 'adam', arm: 'adam', swept: {} },
  { label: 'sgd lr=0.05', arm: 'sgd', swept: { 'optimizer.lr': 0.05 } },
  { label: 'sgd lr=0.1', arm: 'sgd', swept: { 'optimizer.lr': 0.1 } },
  { label: 'sgd lr=0.2', arm: 'sgd', swept: { 'optimizer.lr': 0.2 } },
];

describe('summarizeExperiment', () => {
  it('groups finished runs by arm and swept values, skipping the failed run', () => {
    const summary = summarizeExperiment(experiment);
    expect(summary.sweptFields).toEqual(['optimizer.lr']);
    expect(summary.groups.map((group) => group.label).sort()).toEqual(GROUPS.map((group) => group.label).sort());
    const seeds = Object.fromEntries(summary.groups.map((group) => [group.label, group.seeds]));
    // adam's third seed failed: reports count finished runs only.
    expect(seeds).toEqual({ adam: 2, 'sgd lr=0.05': 2, 'sgd lr=0.1': 3, 'sgd lr=0.2': 3 });
    expect(summary.groups.find((group) => group.label === 'sgd lr=0.2')?.diverged).toBe(1);
  });

  it('gives mean ± sample std over seeds of final and best losses as recomputed from curve.csv', () => {
    const summary = summarizeExperiment(experiment);
    for (const { label, arm, swept } of GROUPS) {
      const runs = groupOf(onDisk, arm, swept);
      const group = summary.groups.find((candidate) => candidate.label === label)!;
      for (const loss of ['train_loss', 'test_loss']) {
        const finals = runs.map((run) => run.rows[run.rows.length - 1][loss]);
        const bests = runs.map((run) => Math.min(...run.rows.map((row) => row[loss]).filter(Number.isFinite)));
        expectClose(group.metrics[`final_${loss}`].mean, referenceMean(finals));
        expectClose(group.metrics[`final_${loss}`].std!, referenceStd(finals));
        expectClose(group.metrics[`best_${loss}`].mean, referenceMean(bests));
        expectClose(group.metrics[`best_${loss}`].std!, referenceStd(bests));
      }
    }
  });

  it('matches hand-computed values for sgd lr=0.1', () => {
    const group = summarizeExperiment(experiment).groups.find((candidate) => candidate.label === 'sgd lr=0.1')!;
    // Final train losses 0.2, 0.3, 0.1: mean 0.2; deviations 0, 0.1, −0.1 → s = sqrt(0.02 / 2) = 0.1.
    expect(group.metrics.final_train_loss.mean).toBeCloseTo(0.2, 15);
    expect(group.metrics.final_train_loss.std).toBeCloseTo(0.1, 15);
  });

  it('finds the first logged step and wall time at or below the target, an unreached seed counting as infinite', () => {
    const summary = summarizeExperiment(experiment, { target: 0.25 });
    const group = summary.groups.find((candidate) => candidate.label === 'sgd lr=0.1')!;
    // Seeds 0 and 2 log 0.2 and 0.1 at step 20 (wall 2·20 + seed + 1 = 41, 43); seed 1 never goes below 0.3.
    expect(group.target).toEqual({ steps_median: 20, steps_mean: Infinity, wall_ms_median: 43, wall_ms_mean: Infinity, not_reached: 1 });
    for (const { label, arm, swept } of GROUPS) {
      const steps = groupOf(onDisk, arm, swept).map((run) => run.rows.find((row) => row.train_loss <= 0.25)?.step ?? Infinity);
      const sorted = [...steps].sort((a, b) => a - b);
      const middle = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      const target = summary.groups.find((candidate) => candidate.label === label)!.target!;
      expect(target.steps_median).toBe(middle);
      expect(target.not_reached).toBe(steps.filter((step) => step === Infinity).length);
    }
  });

  it('sorts best first: by mean final test loss by default, by the key asked for otherwise', () => {
    // Final test losses (train + 0.05): adam 0.065, sgd 0.1 0.25, sgd 0.05 0.6, sgd 0.2 ≈ 1.7e7 (a seed diverged).
    expect(summarizeExperiment(experiment).groups.map((group) => group.label)).toEqual(['adam', 'sgd lr=0.1', 'sgd lr=0.05', 'sgd lr=0.2']);
    // Speed is better when higher: steps_per_second is 100 + 10 × the run's index in FIXTURE_RUNS.
    expect(summarizeExperiment(experiment, { sortKey: 'steps_per_second' }).groups.map((group) => group.label))
      .toEqual(['adam', 'sgd lr=0.2', 'sgd lr=0.1', 'sgd lr=0.05']);
  });

  it('asks for a target before sorting by time to target', () => {
    expect(() => summarizeExperiment(experiment, { sortKey: 'steps_to_target' })).toThrow(UsageError);
  });
});

describe('loadExperiment', () => {
  it('refuses a folder without runs/, naming it', async () => {
    const other = await writeNonExperiment(root);
    await expect(loadExperiment(other)).rejects.toThrow(/not an experiment folder/);
    await expect(loadExperiment(join(root, 'missing'))).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses a folder whose runs all failed', async () => {
    const failed = await writeExperiment(root, 'all-failed', [{ arm: 'sgd', lr: 0.1, sweptLr: false, seed: 0, trainLoss: [1, 0.5, 0.2], status: 'failed' }]);
    await expect(loadExperiment(failed)).rejects.toThrow(/no finished run/);
  });
});

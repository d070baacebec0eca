// A cohort job: its runs are written with their provenance; a cohort that throws is written as failed (so the
// summary shows it and a re-run trains it again) instead of stopping the sweep.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/backend.js';
import { trainCohortJob } from '../../src/experiment/cohortJob.js';
import { isRunDone, readRunRecord } from '../../src/output/runFolder.js';
import { plannedRun, smallRegression } from '../helpers/runs.js';

const outDir = mkdtempSync(join(tmpdir(), 'optlab-job-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));
beforeAll(async () => {
  await useBackend('cpu');
});

const context = {
  outDir,
  backend: 'cpu',
  versions: { optlab: 'test' },
  provenance: { shard: '2/3', host: 'test-host', git_commit: 'abc123' },
};
const cohort = { key: 'k', runs: [plannedRun('aaaaaaaaaa', { seed: 0 }), plannedRun('bbbbbbbbbb', { seed: 1 })] };

describe('trainCohortJob', () => {
  it('writes each run with its provenance', async () => {
    const records = await trainCohortJob({ id: 'k/0', cohort, cost: 1 }, async () => smallRegression(64, 4), context);
    expect(records.map((r) => [r.run_id, r.status])).toEqual([['aaaaaaaaaa', 'complete'], ['bbbbbbbbbb', 'complete']]);
    const json = JSON.parse(readFileSync(join(outDir, 'runs', 'aaaaaaaaaa', 'run.json'), 'utf8'));
    expect(json).toMatchObject({ status: 'complete', shard: '2/3', host: 'test-host', git_commit: 'abc123' });
    expect(await isRunDone(outDir, 'aaaaaaaaaa')).toBe(true);
  });

  it('writes every run of a cohort that throws as failed, with the reason, and not done', async () => {
    const failing = { key: 'k', runs: [plannedRun('cccccccccc', { seed: 2 })] };
    const records = await trainCohortJob({ id: 'k/1', cohort: failing, cost: 1 }, async () => {
      throw new Error('disk on fire');
    }, context);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'failed', error: 'disk on fire', curve: [], shard: '2/3' });
    const stored = await readRunRecord(outDir, 'cccccccccc', { includeUnfinished: true });
    expect(stored).toMatchObject({ status: 'failed', error: 'disk on fire' });
    expect(stored!.wall_time_ms).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(stored!.steps_per_second)).toBe(true);
    expect(await isRunDone(outDir, 'cccccccccc')).toBe(false);
  });
});

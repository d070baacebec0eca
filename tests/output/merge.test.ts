// merge: shard folders of one plan join into one folder, byte for byte, in plan order; duplicates with the same
// results are taken once, a finished copy beats an interrupted one, and conflicting copies or plans are refused.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, UserError } from '../../src/lib/errors.js';
import { mergeExperiments, readPlanFile, writePlanFile, type PlanFile } from '../../src/output/merge.js';
import { runFolderPath, writeRunFolder } from '../../src/output/runFolder.js';
import type { RunRecord } from '../../src/output/types.js';
import { curveRow, runRecord } from './fixtures.js';
import { tempDir } from '../helpers/tempDirs.js';

const PLAN: PlanFile = { name: 'exp', swept_fields: ['optimizer.lr'], run_ids: ['r1', 'r2', 'r3', 'r4'] };

/** A run of the plan above with lr as its swept field and a curve that tells it apart. */
function run(runId: string, fields: Partial<RunRecord> = {}): RunRecord {
  const lr = Number(runId.slice(1)) / 100;
  return runRecord({ run_id: runId, swept: { 'optimizer.lr': lr }, curve: [curveRow(0, 1, 1), curveRow(10, lr, lr)], ...fields });
}

/** A shard folder holding `records` and the plan file. */
async function shardFolder(records: RunRecord[], plan: PlanFile = PLAN): Promise<string> {
  const dir = tempDir('merge');
  await writePlanFile(dir, plan);
  for (const record of records) await writeRunFolder(dir, record, { 'ntk.csv': `step,ntk_trace\n0,${record.run_id.length}\n` });
  return dir;
}

const freshOut = async () => join(tempDir('merged'), 'exp');

describe('mergeExperiments', () => {
  it('copies every run folder byte for byte and writes the summary in plan order', async () => {
    const a = await shardFolder([run('r3'), run('r1')]);
    const b = await shardFolder([run('r4'), run('r2')]);
    const out = await freshOut();
    const result = await mergeExperiments([a, b], out);
    expect(result.records.map((r) => r.run_id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(result.missing).toEqual([]);
    for (const [dir, runId] of [[a, 'r1'], [b, 'r2'], [a, 'r3'], [b, 'r4']]) {
      for (const file of ['curve.csv', 'run.json', 'ntk.csv']) {
        expect(await readFile(join(runFolderPath(out, runId), file), 'utf8')).toBe(await readFile(join(runFolderPath(dir, runId), file), 'utf8'));
      }
    }
    const summary = (await readFile(join(out, 'summary.csv'), 'utf8')).trim().split('\n');
    expect(summary[0].split(',').slice(0, 4)).toEqual(['run_id', 'arm', 'optimizer.lr', 'seed']);
    expect(summary.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(['r1,adam,0.01', 'r2,adam,0.02', 'r3,adam,0.03', 'r4,adam,0.04']);
    // 4 runs x 2 curve rows, header first.
    expect((await readFile(join(out, 'curves.csv'), 'utf8')).trim().split('\n')).toHaveLength(9);
    expect(await readPlanFile(out)).toEqual(PLAN);
  });

  it('reports runs found in no folder, and leaves out run folders not in the plan', async () => {
    const a = await shardFolder([run('r1'), run('r9')]);
    const out = await freshOut();
    const result = await mergeExperiments([a], out);
    expect(result.missing).toEqual(['r2', 'r3', 'r4']);
    expect(result.ignored).toBe(1);
    expect(await readdir(join(out, 'runs'))).toEqual(['r1']);
  });

  it('takes a run found twice with the same results once (wall time may differ), and a finished copy over an interrupted one', async () => {
    const a = await shardFolder([run('r1'), run('r2', { status: 'interrupted', curve: [curveRow(0, 1, 1)] })]);
    const b = await shardFolder([run('r1', { wall_time_ms: 99, curve: run('r1').curve.map((row) => ({ ...row, wall_ms: row.wall_ms + 7 })) }), run('r2')]);
    const result = await mergeExperiments([a, b], await freshOut());
    expect(result.duplicates).toBe(1);
    expect(result.records.map((r) => [r.run_id, r.status])).toEqual([['r1', 'complete'], ['r2', 'complete']]);
    expect(result.records[0].wall_time_ms).toBe(1234);
  });

  it('refuses two finished copies of a run whose results differ, naming the run, both folders and the difference', async () => {
    const a = await shardFolder([run('r1')]);
    const b = await shardFolder([run('r1', { curve: [curveRow(0, 1, 1), curveRow(10, 0.5, 0.01)] })]);
    const out = await freshOut();
    const error = await mergeExperiments([a, b], out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`run r1 is in ${a} and in ${b}`);
    expect((error as Error).message).toContain('train_loss at step 10: 0.01 vs 0.5');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses folders of different plans and folders without a plan file', async () => {
    const a = await shardFolder([run('r1')]);
    const other = await shardFolder([run('r2')], { ...PLAN, run_ids: ['r1', 'r2'] });
    await expect(mergeExperiments([a, other], await freshOut())).rejects.toThrow(/different runs/);
    const renamed = await shardFolder([run('r2')], { ...PLAN, name: 'other' });
    await expect(mergeExperiments([a, renamed], await freshOut())).rejects.toThrow(/experiment "exp" vs "other"/);
    const bare = tempDir('bare');
    await expect(mergeExperiments([bare], await freshOut())).rejects.toThrow(/no readable plan\.json/);
  });

  it('merges into a folder that already holds runs of the plan, and in place', async () => {
    const out = await shardFolder([run('r1')]);
    const b = await shardFolder([run('r2')]);
    const result = await mergeExperiments([b], out);
    expect(result.inputs).toEqual([out, b]);
    expect(result.records.map((r) => r.run_id)).toEqual(['r1', 'r2']);
    // Several shards that wrote into one shared folder: merging it onto itself rewrites its summary.
    await writeFile(join(out, 'summary.csv'), 'stale\n');
    const again = await mergeExperiments([out], out);
    expect(again.records).toHaveLength(2);
    expect((await readFile(join(out, 'summary.csv'), 'utf8')).split('\n')).toHaveLength(4);
  });

  it('leaves out a copy whose curve.csv was cut, naming it, and takes a whole copy of the same run from another folder', async () => {
    const a = await shardFolder([run('r1'), run('r2')]);
    const b = await shardFolder([run('r2')]);
    const curvePath = join(runFolderPath(a, 'r2'), 'curve.csv');
    // Cut at a row boundary: the header and the step-0 row, a file that still parses.
    await writeFile(curvePath, (await readFile(curvePath, 'utf8')).split('\n').slice(0, 2).join('\n') + '\n');
    const result = await mergeExperiments([a, b], await freshOut());
    expect(result.damaged).toEqual([expect.stringMatching(new RegExp(`^${runFolderPath(a, 'r2')}: curve\\.csv does not match its run\\.json \\(1 data rows instead of 2`))]);
    expect(result.records.map((record) => record.run_id)).toEqual(['r1', 'r2']);
    expect(result.records[1].curve).toHaveLength(2);
    // Without the whole copy the run is missing, not merged from the cut one.
    const alone = await mergeExperiments([a], await freshOut());
    expect(alone.missing).toEqual(['r2', 'r3', 'r4']);
  });

  it('refuses an --out that is a regular file, before reading anything (a UserError, not ENOTDIR)', async () => {
    const a = await shardFolder([run('r1')]);
    const file = join(tempDir('merge-file'), 'merged.txt');
    await writeFile(file, 'not a folder\n');
    await expect(mergeExperiments([a], file)).rejects.toThrow(
      new UserError(`cannot write results to ${file}: a part of the path is a file, not a folder (ENOTDIR); choose a writable folder with --out, or make this one writable`),
    );
    expect(await readFile(file, 'utf8')).toBe('not a folder\n');
  });

  it('refuses an --out holding a symbolic link, writing nothing through it', async () => {
    const a = await shardFolder([run('r1')]);
    const out = await freshOut();
    const outside = tempDir('merge-outside');
    await writeFile(join(outside, 'curves.csv'), 'precious\n');
    await mkdir(out);
    await symlink(join(outside, 'curves.csv'), join(out, 'curves.csv'));
    await expect(mergeExperiments([a], out)).rejects.toThrow(`${join(out, 'curves.csv')} is a symbolic link`);
    expect(await readFile(join(outside, 'curves.csv'), 'utf8')).toBe('precious\n');
    expect(await readdir(out)).toEqual(['curves.csv']);
  });
});

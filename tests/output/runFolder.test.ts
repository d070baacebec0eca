// Run folders: what is written reads back bit for bit, and only a folder with a finished run.json that proves its
// files whole counts as done; an edited run.json or a cut file is named, not taken for a result.
import { spawnSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunDone, listRunIds, readRunFolder, readRunRecord, runFolderPath, writeRunFolder } from '../../src/output/runFolder.js';
import { CURVE_COLUMNS, type CurveRow } from '../../src/output/types.js';
import { curveRow, runRecord } from './fixtures.js';
import { tempDir } from '../helpers/tempDirs.js';

async function freshDir(): Promise<string> {
  return tempDir('runfolder');
}

/** Doubles that a careless format would change: non-finite values, a float32 subnormal, a sum that is not 0.3, -0, extremes. */
const AWKWARD = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, 0.1 + 0.2, -0, 1 / 3, Number.MIN_VALUE, Number.MAX_VALUE, -123456789.98765432];

function expectSameRows(actual: CurveRow[], expected: CurveRow[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(Object.keys(row).sort()).toEqual(Object.keys(expected[i]).sort());
    for (const key of Object.keys(expected[i]) as (keyof CurveRow)[]) {
      // Object.is tells NaN from a number and -0 from 0: an exact comparison.
      expect(Object.is(row[key], expected[i][key]), `row ${i} ${key}: ${row[key]} vs ${expected[i][key]}`).toBe(true);
    }
  });
}

describe('writeRunFolder / readRunRecord', () => {
  it('gives back every number exactly, NaN, Infinity, 1e-45 and 0.1+0.2 included', async () => {
    const out = await freshDir();
    const curve = AWKWARD.map((x, step) => curveRow(step, x, AWKWARD[(step + 1) % AWKWARD.length], { objective: -x, lr: x }));
    const record = runRecord({
      run_id: 'r0',
      curve,
      wall_time_ms: 0.1 + 0.2,
      steps_per_second: Number.POSITIVE_INFINITY,
      extras: { ridge_distance: Number.NaN, ridge_closed_form_objective: 1e-45 },
    });
    await writeRunFolder(out, record);
    const back = await readRunRecord(out, 'r0');
    expect(back).not.toBeNull();
    expectSameRows(back!.curve, curve);
    expect(back!.wall_time_ms).toBe(0.30000000000000004);
    expect(back!.steps_per_second).toBe(Number.POSITIVE_INFINITY);
    expect(back!.extras.ridge_distance).toBeNaN();
    expect(back!.extras.ridge_closed_form_objective).toBe(1e-45);
    const { curve: _c1, ...rest } = back!;
    const { curve: _c2, ...expectedRest } = record;
    expect(rest).toEqual(expectedRest);
  });

  it('spells non-finite values NaN / Infinity / -Infinity and writes only CURVE_COLUMNS for a regression run', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'r1', curve: [curveRow(0, Number.NaN, Number.POSITIVE_INFINITY, { objective: Number.NEGATIVE_INFINITY })] }));
    const lines = (await readFile(join(runFolderPath(out, 'r1'), 'curve.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('step,epoch,examples,wall_ms,lr,train_loss,test_loss,objective,grad_norm,update_norm,param_dist');
    expect(lines[0]).toBe(CURVE_COLUMNS.join(','));
    // step 0 of curveRow: epoch 0, examples 0, wall_ms 0, lr 0.01, grad_norm 1/(0+1), update_norm 0, param_dist 0.
    expect(lines[1]).toBe('0,0,0,0,0.01,NaN,Infinity,-Infinity,1,0,0');
  });

  it('adds train_acc,test_acc when a row has them and reads a missing cell back as absent', async () => {
    const out = await freshDir();
    const curve = [curveRow(0, 1, 1), curveRow(5, 0.5, 0.5, { train_acc: 0.75, test_acc: 0.5 })];
    await writeRunFolder(out, runRecord({ run_id: 'r2', curve }));
    const text = await readFile(join(runFolderPath(out, 'r2'), 'curve.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(`${CURVE_COLUMNS.join(',')},train_acc,test_acc`);
    expectSameRows((await readRunRecord(out, 'r2'))!.curve, curve);
  });

  it('writes run.json as pretty JSON without the curve, and nothing else but curve.csv', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'r3' }));
    const folder = runFolderPath(out, 'r3');
    expect((await readdir(folder)).sort()).toEqual(['curve.csv', 'run.json']);
    const text = await readFile(join(folder, 'run.json'), 'utf8');
    expect(text).toContain('\n  "run_id": "r3",\n');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).not.toHaveProperty('curve');
  });

  it('records in run.json the data rows and the SHA-256 (as sha256sum gives it) of every file written beside it', async () => {
    const out = await freshDir();
    // Three curve rows (fixtures.ts), one ntk row, a 2 x 2 kernel (no header).
    await writeRunFolder(out, runRecord({ run_id: 'r5' }), { 'ntk.csv': 'step,ntk_trace\n0,2\n', 'kernel_init.csv': '1,0.5\n0.5,1\n' });
    const folder = runFolderPath(out, 'r5');
    const files = JSON.parse(await readFile(join(folder, 'run.json'), 'utf8')).files;
    expect(Object.keys(files)).toEqual(['curve.csv', 'ntk.csv', 'kernel_init.csv']);
    expect(Object.values(files).map((proof) => (proof as { rows: number }).rows)).toEqual([3, 1, 2]);
    const sums = spawnSync('sha256sum', ['curve.csv', 'ntk.csv', 'kernel_init.csv'], { cwd: folder, encoding: 'utf8' }).stdout;
    const bySum = Object.fromEntries(sums.trim().split('\n').map((line) => line.split(/\s+\*?/).reverse()));
    for (const name of Object.keys(files)) expect(files[name].sha256, name).toBe(bySum[name]);
  });

  it('writes the other files it is given before run.json', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'r4' }), { 'ntk.csv': 'step\n0\n' });
    expect(await readFile(join(runFolderPath(out, 'r4'), 'ntk.csv'), 'utf8')).toBe('step\n0\n');
  });
});

describe('isRunDone', () => {
  it('is false for a folder with curve.csv but no run.json', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'half' }));
    await rm(join(runFolderPath(out, 'half'), 'run.json'));
    expect(await isRunDone(out, 'half')).toBe(false);
    expect(await readRunRecord(out, 'half')).toBeNull();
  });

  it('is true for complete and diverged runs, false for failed, interrupted and missing ones', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'c' }));
    await writeRunFolder(out, runRecord({ run_id: 'd', status: 'diverged', diverged_at: 20 }));
    await writeRunFolder(out, runRecord({ run_id: 'f', status: 'failed', error: 'out of memory' }));
    await writeRunFolder(out, runRecord({ run_id: 'i', status: 'interrupted', error: 'SIGINT' }));
    expect(await isRunDone(out, 'c')).toBe(true);
    expect(await isRunDone(out, 'd')).toBe(true);
    expect(await isRunDone(out, 'f')).toBe(false);
    expect(await isRunDone(out, 'i')).toBe(false);
    expect(await isRunDone(out, 'nowhere')).toBe(false);
    expect(await readRunRecord(out, 'f')).toBeNull();
    expect((await readRunRecord(out, 'f', { includeUnfinished: true }))?.error).toBe('out of memory');
    expect(await listRunIds(out)).toEqual(['c', 'd', 'f', 'i']);
  });

  it('is false once a finished run is overwritten by a failed attempt', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'again' }));
    await writeRunFolder(out, runRecord({ run_id: 'again', status: 'failed', error: 'boom', curve: [] }));
    expect(await isRunDone(out, 'again')).toBe(false);
  });

  it('is false when run.json or curve.csv is damaged', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'badjson' }));
    await writeFile(join(runFolderPath(out, 'badjson'), 'run.json'), '{"run_id": "badjson", "stat');
    await writeRunFolder(out, runRecord({ run_id: 'badcsv' }));
    await writeFile(join(runFolderPath(out, 'badcsv'), 'curve.csv'), 'step,epoch\n0,0\n');
    await mkdir(join(out, 'runs', 'other'));
    await writeRunFolder(out, runRecord({ run_id: 'moved' }));
    expect(await isRunDone(out, 'badjson')).toBe(false);
    expect(await isRunDone(out, 'badcsv')).toBe(false);
    // A run.json copied under another id is not that id's run.
    await writeFile(join(out, 'runs', 'other', 'run.json'), await readFile(join(runFolderPath(out, 'moved'), 'run.json')));
    await writeFile(join(out, 'runs', 'other', 'curve.csv'), await readFile(join(runFolderPath(out, 'moved'), 'curve.csv')));
    expect(await isRunDone(out, 'other')).toBe(false);
  });
});

describe('readRunFolder: completeness proved, not assumed', () => {
  it('takes a curve.csv cut at a row boundary for damaged, not for a shorter run', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'cut' }));
    const curvePath = join(runFolderPath(out, 'cut'), 'curve.csv');
    const lines = (await readFile(curvePath, 'utf8')).split('\n');
    // Header and 3 rows; keep the header and 2 rows, each whole: a valid CSV of a run that stopped at step 10.
    await writeFile(curvePath, `${lines.slice(0, 3).join('\n')}\n`);
    const reading = await readRunFolder(out, 'cut');
    expect(reading.state).toBe('damaged');
    expect((reading as { problem: string }).problem).toMatch(
      new RegExp(`^${runFolderPath(out, 'cut')}: curve\\.csv does not match its run\\.json \\(2 data rows instead of 3, SHA-256 `),
    );
    expect(await isRunDone(out, 'cut')).toBe(false);
    expect(await readRunRecord(out, 'cut')).toBeNull();
  });

  it('names a missing file run.json vouches for, and an edited ntk.csv', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'gone' }), { 'ntk.csv': 'step,ntk_trace\n0,2\n' });
    await rm(join(runFolderPath(out, 'gone'), 'ntk.csv'));
    expect(await readRunFolder(out, 'gone')).toEqual({
      state: 'damaged',
      problem: `${join(runFolderPath(out, 'gone'), 'ntk.csv')} is missing, though its run.json vouches for it`,
    });
    await writeRunFolder(out, runRecord({ run_id: 'edited' }), { 'ntk.csv': 'step,ntk_trace\n0,2\n' });
    await writeFile(join(runFolderPath(out, 'edited'), 'ntk.csv'), 'step,ntk_trace\n0,3\n');
    expect(await readRunFolder(out, 'edited')).toMatchObject({ state: 'damaged', problem: expect.stringContaining('ntk.csv does not match its run.json (the same 1 data rows') });
  });

  it('names each field of an edited run.json (no arm, no config, swept null), field by field', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'edit' }));
    const path = join(runFolderPath(out, 'edit'), 'run.json');
    const { arm: _arm, config: _config, ...json } = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...json, swept: null }));
    expect(await readRunFolder(out, 'edit')).toEqual({
      state: 'damaged',
      problem: `${path}: arm: missing (expected string); config: missing (expected object); swept: expected record, got null`,
    });
  });

  it('names a wrong type deep in the config and a non-number among the numbers', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'deep' }));
    const path = join(runFolderPath(out, 'deep'), 'run.json');
    const json = JSON.parse(await readFile(path, 'utf8'));
    json.config.optimizer.lr = 'fast';
    json.wall_time_ms = 'long';
    await writeFile(path, JSON.stringify(json));
    expect(await readRunFolder(out, 'deep')).toEqual({
      state: 'damaged',
      problem: `${path}: config.optimizer.lr: expected number, got "fast"; wall_time_ms: expected a number ("NaN", "Infinity" or "-Infinity" as a string), got "long"`,
    });
  });

  it('reads a run.json from before `files` was recorded, but does not count it done', async () => {
    const out = await freshDir();
    const record = runRecord({ run_id: 'old' });
    await writeRunFolder(out, record);
    const path = join(runFolderPath(out, 'old'), 'run.json');
    const { files: _files, ...json } = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify(json, null, 2));
    const reading = await readRunFolder(out, 'old');
    expect(reading).toMatchObject({ state: 'read', proven: false });
    expectSameRows((await readRunRecord(out, 'old'))!.curve, record.curve);
    expect(await isRunDone(out, 'old')).toBe(false);
  });

  it('refuses run.json entries that are not plain file names, and a `files` without curve.csv', async () => {
    const out = await freshDir();
    await writeRunFolder(out, runRecord({ run_id: 'names' }));
    const path = join(runFolderPath(out, 'names'), 'run.json');
    const json = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...json, files: { ...json.files, '../../run.json': json.files['curve.csv'] } }));
    expect(await readRunFolder(out, 'names')).toMatchObject({ state: 'damaged', problem: expect.stringContaining('files["../../run.json"]') });
    await writeFile(path, JSON.stringify({ ...json, files: {} }));
    expect(await readRunFolder(out, 'names')).toEqual({ state: 'damaged', problem: `${path}: files: expected an entry for curve.csv, got {}` });
  });
});

describe('writeRunFolder and symbolic links', () => {
  it('refuses a run folder that is a link out of the experiment folder, deleting nothing there', async () => {
    const out = await freshDir();
    const outside = await freshDir();
    await writeFile(join(outside, 'run.json'), 'someone else\'s\n');
    await mkdir(join(out, 'runs'));
    await symlink(outside, runFolderPath(out, 'r1'));
    await expect(writeRunFolder(out, runRecord({ run_id: 'r1' }))).rejects.toMatchObject({
      name: 'WriteFault',
      code: 'ELOOP',
      message: `could not write ${runFolderPath(out, 'r1')}: ${runFolderPath(out, 'r1')} is a symbolic link, and optlab does not follow links inside an experiment folder`,
    });
    expect(await readdir(outside)).toEqual(['run.json']);
    expect(await readFile(join(outside, 'run.json'), 'utf8')).toBe('someone else\'s\n');
  });
});

describe('listRunIds', () => {
  it('is empty when there is no runs folder', async () => {
    expect(await listRunIds(await freshDir())).toEqual([]);
  });
});

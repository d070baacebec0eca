// File faults during a sweep: a disk that fills up mid-sweep keeps every run finished before, leaves the failing
// runs without run.json and no temp file anywhere, and says what to do; run folders left half-written by a killed
// process are found on resume and retrained to the curves of an undisturbed run.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { isRunDone, runFolderPath } from '../../src/output/runFolder.js';
import type { RunRecord } from '../../src/output/types.js';
import { ResultsNotWritten } from '../../src/output/writeFault.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { describeEachBackend } from '../helpers/backends.js';
import { curvesOf } from '../helpers/curves.js';
import { simulateDiskFull } from '../output/diskFull.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-file-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file an experiment folder may hold; anything else (a temp file) is a leftover. */
const RESULT_FILES = new Set(['plan.json', 'summary.csv', 'curves.csv', 'run.json', 'curve.csv', 'directions.csv']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((entry) => statSync(join(dir, entry)).isFile());
}

function configFile(name: string, yaml: string): string {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

// Three optimizer kinds: three cohorts of two runs, trained one after the other in plan order (equal costs).
const threeCohorts = `
name: three
seeds: [0, 1]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear, init: normal }
train: { steps: 20, batch_size: 8, eval_every: 10 }
optimizers: [{ kind: sgd, lr: 0.05 }, { kind: adam, lr: 0.01 }, { kind: rmsprop, lr: 0.01 }]
`;

// One cohort of six runs, for the half-written folders.
const sixRuns = `
name: six
seeds: [0, 1, 2]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear, init: normal }
train: { steps: 20, batch_size: 8, eval_every: 10 }
optimizers: [{ kind: sgd, lr: [0.01, 0.05] }]
`;

/** The run id of a path inside <out>/runs/<id>/. */
function runIdOf(path: string): string {
  return basename(dirname(path));
}

describeEachBackend('runExperiment on a full disk', (backend) => {
  const plan = () => loadPlan(configFile(`three-${backend}`, threeCohorts));
  const reference = join(root, `reference-${backend}`);

  it('keeps the runs finished before, leaves the failing one without run.json, no temp file, says what to do; a re-run completes it', async () => {
    await runExperiment(plan(), { outRoot: reference, backend });
    const outRoot = join(root, `full-${backend}`);
    const outDir = join(outRoot, 'three');
    // The disk fills up on the third curve.csv: the first run of the second cohort.
    let curveWrites = 0;
    const disk = simulateDiskFull({ failsAt: (path) => basename(path).startsWith('curve.csv.') && ++curveWrites === 3, staysFull: true });
    const reported: RunRecord[] = [];
    let thrown: unknown;
    try {
      await runExperiment(plan(), { outRoot, backend, events: { runFinished: (record) => reported.push(record) } });
    } catch (error) {
      thrown = error;
    } finally {
      disk.restore();
    }
    // The first cohort is kept complete; the second writes its two folders at once and both meet the full disk;
    // the third cohort never started.
    expect(reported.map((r) => r.status)).toEqual(['complete', 'complete', 'failed', 'failed']);
    const failedIds = reported.slice(2).map((r) => r.run_id);
    expect(failedIds).toContain(runIdOf(disk.failures[0]));
    expect(thrown).toBeInstanceOf(ResultsNotWritten);
    // The user is told of the first run (in cohort order) that could not be written.
    expect((thrown as Error).message).toBe(
      `could not write ${join(runFolderPath(outDir, failedIds[0]), 'curve.csv')}: no space left on device (ENOSPC); ` +
        'free space and re-run: finished runs are kept (the summary could not be written either)',
    );
    for (const record of reported.slice(0, 2)) expect(await isRunDone(outDir, record.run_id)).toBe(true);
    for (const id of failedIds) expect(existsSync(join(runFolderPath(outDir, id), 'run.json'))).toBe(false);
    expect(readdirSync(join(outDir, 'runs')).sort()).toEqual([...reported.map((r) => r.run_id)].sort());
    expect(filesUnder(outDir).filter((file) => !RESULT_FILES.has(basename(file)))).toEqual([]);

    const again = await runExperiment(plan(), { outRoot, backend });
    expect(again.skipped).toBe(2);
    expect(again.trained).toBe(4);
    expect(curvesOf(outDir)).toEqual(curvesOf(join(reference, 'three')));
  });

  it('writes the summary when the disk has room again, and says so', async () => {
    const outRoot = join(root, `blip-${backend}`);
    const outDir = join(outRoot, 'three');
    let curveWrites = 0;
    const disk = simulateDiskFull({ failsAt: (path) => basename(path).startsWith('curve.csv.') && ++curveWrites === 3, staysFull: false });
    try {
      await expect(runExperiment(plan(), { outRoot, backend })).rejects.toThrow(
        /: no space left on device \(ENOSPC\); free space and re-run: finished runs are kept \(summary\.csv lists the runs finished so far\)$/,
      );
    } finally {
      disk.restore();
    }
    const statuses = readFileSync(join(outDir, 'summary.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[3]);
    // Only the third curve.csv failed: the other run of its cohort was written beside it.
    expect(statuses.sort()).toEqual(['complete', 'complete', 'complete', 'failed']);
  });
});

describeEachBackend('runExperiment on run folders left half-written by a killed process', (backend) => {
  it('retrains each damaged run on resume (and only those), to the undisturbed curves, leaving no stray file', async () => {
    const plan = loadPlan(configFile(`six-${backend}`, sixRuns));
    const clean = join(root, `clean-${backend}`);
    await runExperiment(plan, { outRoot: clean, backend });
    const outRoot = join(root, `killed-${backend}`);
    cpSync(clean, outRoot, { recursive: true });
    const outDir = join(outRoot, 'six');
    const [noRunJson, strayTemp, truncated, noCurve, empty, untouched] = plan.runs.map((run) => runFolderPath(outDir, run.id));
    // Killed between curve.csv and run.json.
    rmSync(join(noRunJson, 'run.json'));
    // Killed while writing run.json: its temp file is all there is of it.
    writeFileSync(join(strayTemp, 'run.json.3141592653'), readFileSync(join(strayTemp, 'run.json'), 'utf8').slice(0, 40));
    rmSync(join(strayTemp, 'run.json'));
    // A run.json cut short (written in place by some other tool, or a disk that lies about fsync).
    writeFileSync(join(truncated, 'run.json'), readFileSync(join(truncated, 'run.json'), 'utf8').slice(0, 100));
    // run.json without its curve.
    rmSync(join(noCurve, 'curve.csv'));
    // Killed before the first file was written.
    rmSync(empty, { recursive: true });
    const retrained: string[] = [];
    const result = await runExperiment(plan, { outRoot, backend, events: { runFinished: (record) => retrained.push(record.run_id) } });
    expect(result.skipped).toBe(1);
    expect(retrained.sort()).toEqual([noRunJson, strayTemp, truncated, noCurve, empty].map((folder) => basename(folder)).sort());
    expect(await isRunDone(outDir, basename(untouched))).toBe(true);
    for (const folder of [noRunJson, strayTemp, truncated, noCurve, empty]) {
      expect(readdirSync(folder).sort()).toEqual(['curve.csv', 'directions.csv', 'run.json']);
    }
    expect(curvesOf(outDir)).toEqual(curvesOf(join(clean, 'six')));
  });
});

describeEachBackend('runExperiment with worker processes on a full disk', (backend) => {
  it('stops the sweep at the first run a process cannot write and leaves no run.json and no temp file', async () => {
    const outRoot = join(root, `workers-full-${backend}`);
    const outDir = join(outRoot, 'three');
    // The workers and this process (which trains beside them) find the disk full from their first curve.csv on.
    const nodeOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --require ${resolve('tests/output/diskFullPreload.cjs')}`;
    process.env.OPTLAB_TEST_DISK_FULL_AT = '1';
    const disk = simulateDiskFull({ failsAt: (path) => basename(path).startsWith('curve.csv.'), staysFull: true });
    try {
      await expect(runExperiment(loadPlan(configFile(`workers-${backend}`, threeCohorts)), { outRoot, backend, jobs: 2 })).rejects.toThrow(
        new RegExp(`^could not write ${outDir}/runs/\\w+/curve\\.csv: no space left on device \\(ENOSPC\\); free space and re-run: finished runs are kept`),
      );
    } finally {
      disk.restore();
      if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = nodeOptions;
      delete process.env.OPTLAB_TEST_DISK_FULL_AT;
    }
    const files = filesUnder(outDir).map((file) => basename(file));
    expect(files.filter((file) => !RESULT_FILES.has(file))).toEqual([]);
    expect(files).not.toContain('run.json');
  });
});

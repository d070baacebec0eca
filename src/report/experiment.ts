// An experiment folder read back for reports: its finished runs (run.json + curve.csv) and, where a run
// has them, its ntk.csv and directions.csv. A damaged run folder is left out, and said so.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../lib/errors.js';
import { FINISHED_STATUSES, listRunIds, readRunFolder, runFolderPath } from '../output/runFolder.js';
import type { RunRecord } from '../output/types.js';
import type { DirectionRow, NtkRow } from '../output/metricRows.js';
import { directionsFromCsv, ntkFromCsv } from './metricCsv.js';

/** One finished run with the optional metric files of its folder (null where the file is absent). */
export interface ExperimentRun {
  record: RunRecord;
  ntk: NtkRow[] | null;
  directions: DirectionRow[] | null;
}

/** A results/<name>/ folder: its finished runs (status complete or diverged) and the fields they sweep. */
export interface Experiment {
  /** The folder as the user named it. */
  dir: string;
  /** The folder's name, which is the experiment's `name`. */
  name: string;
  runs: ExperimentRun[];
  /** Every swept field of any run (dotted paths), sorted. */
  sweptFields: string[];
}

/** The parsed file `name` in a run's folder, null when there is none. */
async function readOptional<Row>(folder: string, name: string, parse: (text: string, file: string) => Row[]): Promise<Row[] | null> {
  const path = join(folder, name);
  if (!existsSync(path)) return null;
  return parse(await readFile(path, 'utf8'), path);
}

/**
 * Reads an experiment folder; a UsageError (exit 2) says why when `dir` is not one or holds no finished run. A run
 * folder whose run.json or files are damaged (edited, cut short) is left out and `onDamaged` told what is wrong.
 */
export async function loadExperiment(dir: string, onDamaged: (problem: string) => void = () => {}): Promise<Experiment> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`"${dir}" is not a folder`);
  if (!existsSync(join(dir, 'runs'))) {
    throw new UsageError(`"${dir}" is not an experiment folder: it has no runs/ folder (optlab run writes results/<name>/runs/<run_id>/)`);
  }
  const runs: ExperimentRun[] = [];
  for (const runId of await listRunIds(dir)) {
    const reading = await readRunFolder(dir, runId);
    if (reading.state === 'damaged') onDamaged(reading.problem);
    if (reading.state !== 'read' || !FINISHED_STATUSES.includes(reading.record.status)) continue;
    const { record } = reading;
    const folder = runFolderPath(dir, runId);
    runs.push({
      record,
      ntk: await readOptional(folder, 'ntk.csv', ntkFromCsv),
      directions: await readOptional(folder, 'directions.csv', directionsFromCsv),
    });
  }
  if (runs.length === 0) {
    throw new UsageError(`"${dir}" holds no finished run: no runs/<run_id>/ has a run.json with status complete or diverged and a curve.csv`);
  }
  const sweptFields = [...new Set(runs.flatMap((run) => Object.keys(run.record.swept)))].sort();
  return { dir, name: basename(resolve(dir)), runs, sweptFields };
}

// An experiment folder read back for reports: its finished runs (run.json + curve.csv) and, where a run
// has them, its ntk.csv, directions.csv and sharpness.csv; all of them, or only those of the plan last run into the folder.
// A damaged run folder is left out, and said so.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../lib/errors.js';
import { PLAN_FILE_NAME, readPlanFile } from '../output/merge.js';
import { distinguishingFields } from '../output/runFields.js';
import { FINISHED_STATUSES, listRunIds, readRunFolder, runFolderPath } from '../output/runFolder.js';
import type { RunRecord } from '../output/types.js';
import type { DirectionRow, NtkRow, SharpnessRow } from '../output/metricRows.js';
import { directionsFromCsv, ntkFromCsv, sharpnessFromCsv } from './metricCsv.js';

/** One finished run with the optional metric files of its folder (null where the file is absent). */
export interface ExperimentRun {
  record: RunRecord;
  ntk: NtkRow[] | null;
  directions: DirectionRow[] | null;
  sharpness: SharpnessRow[] | null;
}

/** Which runs of a folder to read: every finished run, or only those plan.json lists (the last plan run into it). */
export const PLAN_SELECTIONS = ['all', 'current'] as const;
export type PlanSelection = (typeof PLAN_SELECTIONS)[number];

/** A results/<name>/ folder: its finished runs (status complete or diverged) and the fields that tell their groups apart. */
export interface Experiment {
  /** The folder as the user named it. */
  dir: string;
  /** The folder's name, which is the experiment's `name`. */
  name: string;
  runs: ExperimentRun[];
  /** The fields (dotted paths) in which groups of `runs` differ, from the runs' own configs (output/runFields.ts), sorted. */
  sweptFields: string[];
  /** Run ids plan.json lists, null when the folder has no plan.json. */
  planRunIds: string[] | null;
  /** Finished runs plan.json does not list (left by another plan, an edited config or a script): in `runs` under --plan all, left out under current. */
  outsidePlan: ExperimentRun[];
  /** The config's `description:` as plan.json keeps it, null when it has none. */
  description: string | null;
  /** The config's `expect:` claims as plan.json keeps them (none in folders without them). */
  expect: string[];
}

export interface LoadOptions {
  /** Default 'all': grouping tells every run's config apart, so runs of other plans are shown beside the current plan's rather than hidden. */
  plan?: PlanSelection;
  /** Told what is wrong with each damaged run folder left out (default: nothing). */
  onDamaged?: (problem: string) => void;
}

/** The parsed file `name` in a run's folder, null when there is none. */
async function readOptional<Row>(folder: string, name: string, parse: (text: string, file: string) => Row[]): Promise<Row[] | null> {
  const path = join(folder, name);
  if (!existsSync(path)) return null;
  return parse(await readFile(path, 'utf8'), path);
}

/**
 * Reads an experiment folder; a UsageError (exit 2) says why when `dir` is not one or holds no finished run. A run
 * folder whose run.json or files are damaged (edited, cut short) is left out and `options.onDamaged` told what is wrong.
 */
export async function loadExperiment(dir: string, options: LoadOptions = {}): Promise<Experiment> {
  const onDamaged = options.onDamaged ?? (() => {});
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`"${dir}" is not a folder`);
  if (!existsSync(join(dir, 'runs'))) {
    throw new UsageError(`"${dir}" is not an experiment folder: it has no runs/ folder (optlab run writes results/<name>/runs/<run_id>/)`);
  }
  const planFile = existsSync(join(dir, PLAN_FILE_NAME)) ? await readPlanFile(dir) : null;
  const planRunIds = planFile?.run_ids ?? null;
  if (options.plan === 'current' && planRunIds === null) {
    throw new UsageError(`"${dir}" has no ${PLAN_FILE_NAME}, so it has no current plan: --plan current reads the runs it lists (use --plan all)`);
  }
  const inPlan = new Set(planRunIds ?? []);
  const runs: ExperimentRun[] = [];
  const outsidePlan: ExperimentRun[] = [];
  for (const runId of await listRunIds(dir)) {
    const reading = await readRunFolder(dir, runId);
    if (reading.state === 'damaged') onDamaged(reading.problem);
    if (reading.state !== 'read' || !FINISHED_STATUSES.includes(reading.record.status)) continue;
    const { record } = reading;
    const folder = runFolderPath(dir, runId);
    const run = {
      record,
      ntk: await readOptional(folder, 'ntk.csv', ntkFromCsv),
      directions: await readOptional(folder, 'directions.csv', directionsFromCsv),
      sharpness: await readOptional(folder, 'sharpness.csv', sharpnessFromCsv),
    };
    const outside = planRunIds !== null && !inPlan.has(runId);
    if (outside) outsidePlan.push(run);
    if (!outside || options.plan !== 'current') runs.push(run);
  }
  if (runs.length === 0) {
    const which = options.plan === 'current' ? ` of those ${PLAN_FILE_NAME} lists (--plan current)` : '';
    throw new UsageError(`"${dir}" holds no finished run${which}: no runs/<run_id>/ has a run.json with status complete or diverged and a curve.csv`);
  }
  const sweptFields = distinguishingFields(runs.map((run) => run.record));
  return {
    dir,
    name: basename(resolve(dir)),
    runs,
    sweptFields,
    planRunIds,
    outsidePlan,
    description: planFile?.description ?? null,
    expect: planFile?.expect ?? [],
  };
}

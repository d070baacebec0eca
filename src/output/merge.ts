// Joining shard outputs (`optlab merge`): every run writes its experiment folder's plan.json (the whole plan's
// run ids in order and its swept fields, the same for every shard), which tells merge which folders belong
// together, what order the summary takes and which runs are still missing. Run folders are copied byte for
// byte; a run found twice must have the same results, else merge refuses. A copy whose run.json or files are
// damaged (edited, cut short) is not merged: the run counts as missing until it is trained again.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../lib/errors.js';
import type { Plan } from '../plan/types.js';
import { writeFileAtomically } from './atomic.js';
import { assertNoSymlinkFrom } from './noSymlinks.js';
import { FINISHED_STATUSES, listRunIds, readRunFolder, runFolderPath } from './runFolder.js';
import { curvesTable, summaryTable, tableToCsv } from './summary.js';
import type { CurveRow, RunRecord } from './types.js';
import { prepareExperimentFolder } from './writableFolder.js';
import { writeFaultOf } from './writeFault.js';

/** `<experiment folder>/plan.json`: what every shard of one plan agrees on. */
export interface PlanFile {
  name: string;
  /** The summary's swept-field columns, in order. */
  swept_fields: string[];
  /** Every run of the plan (of all shards), in plan order. */
  run_ids: string[];
  /** SHA-256 of every data file the runs read, by absolute path (absent for generated data). */
  data_sha256?: Record<string, string>;
  /** The config's `description:`, when it has one (the report opens the experiment's section with it). */
  description?: string;
  /** The config's `expect:` claims, when it has some (`optlab check` checks them). */
  expect?: string[];
}

export const PLAN_FILE_NAME = 'plan.json';

/** The plan file of a plan: shard-independent, so shards writing into one shared folder write the same bytes. */
export function planFileOf(plan: Plan): PlanFile {
  const digests = plan.dataDigests ?? {};
  return {
    name: plan.name,
    swept_fields: plan.sweptFields,
    run_ids: plan.runs.map((run) => run.id),
    ...(Object.keys(digests).length > 0 ? { data_sha256: { ...digests } } : {}),
    ...(plan.description !== undefined ? { description: plan.description } : {}),
    ...(plan.expect !== undefined ? { expect: plan.expect } : {}),
  };
}

export async function writePlanFile(outDir: string, planFile: PlanFile): Promise<void> {
  await writeFileAtomically(join(outDir, PLAN_FILE_NAME), `${JSON.stringify(planFile, null, 2)}\n`, { noLinksFrom: outDir });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Reads `<dir>/plan.json`; a folder without a readable one is not an experiment folder optlab wrote. */
export async function readPlanFile(dir: string): Promise<PlanFile> {
  let json: Partial<PlanFile>;
  try {
    json = JSON.parse(await readFile(join(dir, PLAN_FILE_NAME), 'utf8')) as Partial<PlanFile>;
  } catch {
    throw new UsageError(`${dir} has no readable ${PLAN_FILE_NAME}: merge takes experiment folders written by optlab run (results/<name>)`);
  }
  if (typeof json.name !== 'string' || !isStringList(json.swept_fields) || !isStringList(json.run_ids)) {
    throw new UsageError(`${join(dir, PLAN_FILE_NAME)} is not an optlab plan file (it needs name, swept_fields and run_ids)`);
  }
  const digests = json.data_sha256;
  const hasDigests = typeof digests === 'object' && digests !== null && Object.values(digests).every((d) => typeof d === 'string');
  return {
    name: json.name,
    swept_fields: json.swept_fields,
    run_ids: json.run_ids,
    ...(hasDigests ? { data_sha256: digests } : {}),
    ...(typeof json.description === 'string' ? { description: json.description } : {}),
    ...(isStringList(json.expect) ? { expect: json.expect } : {}),
  };
}

/** How two plan files differ, or null when they are the same plan. */
function planDifference(a: PlanFile, b: PlanFile): string | null {
  if (a.name !== b.name) return `experiment "${a.name}" vs "${b.name}"`;
  if (a.swept_fields.join('\n') !== b.swept_fields.join('\n')) return `swept fields ${a.swept_fields.join(', ')} vs ${b.swept_fields.join(', ')}`;
  for (const [file, digest] of Object.entries(a.data_sha256 ?? {})) {
    const other = b.data_sha256?.[file];
    if (other !== undefined && other !== digest) {
      return `they were trained on different contents of the data file ${file} (sha256 ${digest.slice(0, 12)}… vs ${other.slice(0, 12)}…)`;
    }
  }
  if (a.run_ids.join('\n') !== b.run_ids.join('\n')) return `their plans have different runs (a changed config, --set or data file?)`;
  return null;
}

/** The first way two records of one run differ in their results (the curve's wall_ms aside: it measures the machine), or null. */
export function resultDifference(a: RunRecord, b: RunRecord): string | null {
  if (a.status !== b.status) return `status ${a.status} vs ${b.status}`;
  if (a.diverged_at !== b.diverged_at) return `diverged_at ${a.diverged_at} vs ${b.diverged_at}`;
  if (a.curve.length !== b.curve.length) return `${a.curve.length} vs ${b.curve.length} curve rows`;
  for (const [i, row] of a.curve.entries()) {
    const other = b.curve[i];
    const keys = new Set([...Object.keys(row), ...Object.keys(other)] as (keyof CurveRow)[]);
    for (const key of keys) {
      if (key !== 'wall_ms' && !Object.is(row[key], other[key])) return `${key} at step ${row.step}: ${row[key]} vs ${other[key]}`;
    }
  }
  for (const key of new Set([...Object.keys(a.extras), ...Object.keys(b.extras)])) {
    if (!Object.is(a.extras[key], b.extras[key])) return `${key} ${a.extras[key]} vs ${b.extras[key]}`;
  }
  return null;
}

/** One copy of a run, and the folder it is in. */
interface Found {
  dir: string;
  record: RunRecord;
}

export interface MergeResult {
  outDir: string;
  /** Folders merged (the output folder counts when it already held runs of the plan). */
  inputs: string[];
  /** The merged runs, in plan order. */
  records: RunRecord[];
  /** Runs of the plan found in no folder, in plan order. */
  missing: string[];
  /** Runs found in more than one folder with the same results. */
  duplicates: number;
  /** Run folders not in the plan (left over from an earlier config in a reused folder), not merged. */
  ignored: number;
  /** What is wrong with each damaged copy of a run of the plan (not merged), in the order found. */
  damaged: string[];
}

/** True for the files of a run folder (curve.csv, run.json, ntk.csv, kernel_*.csv), false for an atomic write's temp file. */
function isRunFile(name: string): boolean {
  return name.endsWith('.csv') || name.endsWith('.json');
}

/**
 * Copies a run folder into the output, run.json last (as writeRunFolder does), after clearing any older copy
 * there; no link is followed out of the output.
 */
async function copyRunFolder(fromDir: string, outDir: string, runId: string): Promise<void> {
  const from = runFolderPath(fromDir, runId);
  const to = runFolderPath(outDir, runId);
  try {
    await assertNoSymlinkFrom(outDir, to);
    await rm(to, { recursive: true, force: true });
  } catch (error) {
    throw writeFaultOf(error, to);
  }
  const files = (await readdir(from)).filter(isRunFile).sort((a, b) => Number(a === 'run.json') - Number(b === 'run.json'));
  for (const file of files) await writeFileAtomically(join(to, file), await readFile(join(from, file), 'utf8'), { noLinksFrom: outDir });
}

/**
 * Joins experiment folders of one plan (shard outputs) into `outDir`: copies every run folder, writes plan.json,
 * summary.csv and curves.csv. A run found in several folders is taken once when the results agree; a finished
 * copy wins over a failed or interrupted one; two finished copies that disagree are refused (UsageError).
 * When `outDir` already holds runs of the plan, it takes part as one more input. An `outDir` that is not a
 * writable folder, or holds a symbolic link, is refused (UserError) before anything is read.
 */
export async function mergeExperiments(dirs: string[], outDir: string): Promise<MergeResult> {
  if (dirs.length === 0) throw new UsageError('merge needs at least one experiment folder');
  await prepareExperimentFolder(outDir);
  const inputs = [...new Set(dirs.map((dir) => resolve(dir)))];
  const out = resolve(outDir);
  if (!inputs.includes(out) && (await listRunIds(out)).length > 0) inputs.unshift(out);
  const plans = await Promise.all(inputs.map(readPlanFile));
  for (const [i, plan] of plans.entries()) {
    const difference = planDifference(plans[0], plan);
    if (difference !== null) {
      throw new UsageError(`cannot merge ${inputs[i]} with ${inputs[0]}: ${difference}; merge joins the shards of one experiment`);
    }
  }
  const plan = plans[0];
  const inPlan = new Set(plan.run_ids);
  const chosen = new Map<string, Found>();
  let duplicates = 0;
  let ignored = 0;
  const damaged: string[] = [];
  for (const dir of inputs) {
    for (const runId of await listRunIds(dir)) {
      if (!inPlan.has(runId)) {
        ignored++;
        continue;
      }
      const reading = await readRunFolder(dir, runId);
      if (reading.state === 'damaged') damaged.push(reading.problem);
      if (reading.state !== 'read') continue;
      const { record } = reading;
      const previous = chosen.get(runId);
      const finished = FINISHED_STATUSES.includes(record.status);
      if (previous === undefined) {
        chosen.set(runId, { dir, record });
      } else if (FINISHED_STATUSES.includes(previous.record.status) && finished) {
        const difference = resultDifference(previous.record, record);
        if (difference !== null) {
          throw new UsageError(
            `run ${runId} is in ${previous.dir} and in ${dir} with different results (${difference}): ` +
              'were they trained by different code, data or backends? Keep one of the two folders and merge again',
          );
        }
        duplicates++;
      } else if (finished) {
        chosen.set(runId, { dir, record });
      }
    }
  }
  for (const [runId, found] of chosen) {
    if (found.dir !== out) await copyRunFolder(found.dir, out, runId);
  }
  const records = plan.run_ids.flatMap((runId) => chosen.get(runId)?.record ?? []);
  await writePlanFile(out, plan);
  // The two experiment-level files of SPEC §3, as a single run of the whole plan writes them.
  await writeFileAtomically(join(out, 'summary.csv'), tableToCsv(summaryTable(plan.swept_fields, records)), { noLinksFrom: out });
  await writeFileAtomically(join(out, 'curves.csv'), tableToCsv(curvesTable(plan.swept_fields, records)), { noLinksFrom: out });
  return { outDir: out, inputs, records, missing: plan.run_ids.filter((runId) => !chosen.has(runId)), duplicates, ignored, damaged };
}

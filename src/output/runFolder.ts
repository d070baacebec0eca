// A run's folder, <out>/runs/<run_id>/: written with run.json last, so a run.json marks a folder whose files are all there (SPEC §3).
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic.js';
import { curveFromCsv, curveToCsv } from './curveCsv.js';
import { formatNumber, parseNumber } from './numbers.js';
import type { RunRecord, RunStatus } from './types.js';
import { writeFaultOf } from './writeFault.js';

/** Statuses of a run that finished: divergence is a result, not a failure (SPEC §1). */
export const FINISHED_STATUSES: readonly RunStatus[] = ['complete', 'diverged'];

const RUN_STATUSES: readonly RunStatus[] = ['complete', 'diverged', 'failed', 'interrupted'];

/** Top-level number fields of run.json that may legitimately be non-finite (e.g. steps/s of an instant run). */
const NUMBER_FIELDS = ['wall_time_ms', 'steps_per_second'] as const;

/** The folder of one run. */
export function runFolderPath(outDir: string, runId: string): string {
  return join(outDir, 'runs', runId);
}

/** JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", "-Infinity" instead of null. */
function nonFiniteAsString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? formatNumber(value) : value;
}

/**
 * Writes curve.csv, then any `otherFiles` (file name -> contents, e.g. ntk.csv), then run.json (the record
 * without its curve). Whatever an earlier attempt left in the folder is deleted first, run.json first, so that
 * at no moment does a run.json sit beside files that are not its own, and no leftover of a killed process
 * (a temp file, a half set of files) survives the rewrite. A failure throws a WriteFault naming the file.
 */
export async function writeRunFolder(
  outDir: string,
  record: RunRecord,
  otherFiles: Readonly<Record<string, string>> = {},
): Promise<void> {
  const folder = runFolderPath(outDir, record.run_id);
  try {
    await rm(join(folder, 'run.json'), { force: true });
    await rm(folder, { recursive: true, force: true });
  } catch (error) {
    throw writeFaultOf(error, folder);
  }
  await writeFileAtomically(join(folder, 'curve.csv'), curveToCsv(record.curve));
  for (const [name, contents] of Object.entries(otherFiles)) {
    await writeFileAtomically(join(folder, name), contents);
  }
  // run_id leads so that the head of any run.json says which run it is.
  const { curve: _curve, run_id, unsaved: _unsaved, ...rest } = record;
  const runJson = { run_id, ...rest };
  await writeFileAtomically(join(folder, 'run.json'), `${JSON.stringify(runJson, nonFiniteAsString, 2)}\n`);
}

/** Undoes nonFiniteAsString for a field that holds a number. */
function reviveNumber(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseNumber(value);
  throw new Error(`run.json field "${field}" is not a number`);
}

/** Parses run.json text into the record minus its curve; throws if it is not a run.json of `runId`. */
function parseRunJson(text: string, runId: string): Omit<RunRecord, 'curve'> {
  const json = JSON.parse(text) as Omit<RunRecord, 'curve'>;
  if (typeof json !== 'object' || json === null) throw new Error('run.json is not an object');
  if (json.run_id !== runId) throw new Error(`run.json is of run "${String(json.run_id)}", not "${runId}"`);
  if (!RUN_STATUSES.includes(json.status)) throw new Error(`run.json has an unknown status "${String(json.status)}"`);
  for (const field of NUMBER_FIELDS) json[field] = reviveNumber(json[field], field);
  const extras: Record<string, number> = {};
  for (const [key, value] of Object.entries(json.extras ?? {})) extras[key] = reviveNumber(value, `extras.${key}`);
  json.extras = extras;
  return json;
}

/**
 * Reads a run back from its folder. Returns null when run.json or curve.csv is missing or unreadable, or
 * (unless `includeUnfinished`) when the run did not finish (status failed or interrupted).
 */
export async function readRunRecord(
  outDir: string,
  runId: string,
  options: { includeUnfinished?: boolean } = {},
): Promise<RunRecord | null> {
  const folder = runFolderPath(outDir, runId);
  try {
    const runJson = parseRunJson(await readFile(join(folder, 'run.json'), 'utf8'), runId);
    if (!options.includeUnfinished && !FINISHED_STATUSES.includes(runJson.status)) return null;
    const curve = curveFromCsv(await readFile(join(folder, 'curve.csv'), 'utf8'));
    return { ...runJson, curve };
  } catch {
    // A missing or damaged folder means "not done": the run is simply trained again.
    return null;
  }
}

/** True when the run's folder holds a readable run.json with status complete or diverged, and its curve.csv. */
export async function isRunDone(outDir: string, runId: string): Promise<boolean> {
  return (await readRunRecord(outDir, runId)) !== null;
}

/** Ids of every run folder under `<outDir>/runs` (finished or not), sorted; empty when there is none. */
export async function listRunIds(outDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(outDir, 'runs'), { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

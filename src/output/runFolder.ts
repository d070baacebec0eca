// A run's folder, <out>/runs/<run_id>/: written with run.json last, so a run.json marks a folder whose files are
// all there (SPEC §3); run.json records the row count and SHA-256 of each of them, so that is proved on reading.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic.js';
import { curveFromCsv, curveToCsv } from './curveCsv.js';
import { proofMismatch, proofOf, type FileProof } from './fileProof.js';
import { assertNoSymlinkFrom } from './noSymlinks.js';
import { parseRunJson, runJsonText } from './runJson.js';
import type { RunRecord, RunStatus } from './types.js';
import { writeFaultOf } from './writeFault.js';

/** Statuses of a run that finished: divergence is a result, not a failure (SPEC §1). */
export const FINISHED_STATUSES: readonly RunStatus[] = ['complete', 'diverged'];

/** The folder of one run. */
export function runFolderPath(outDir: string, runId: string): string {
  return join(outDir, 'runs', runId);
}

/**
 * Writes curve.csv, then any `otherFiles` (file name -> contents, e.g. ntk.csv), then run.json (the record
 * without its curve, with the row count and SHA-256 of each file written). Whatever an earlier attempt left in
 * the folder is deleted first, run.json first, so that at no moment does a run.json sit beside files that are
 * not its own, and no leftover of a killed process (a temp file, a half set of files) survives the rewrite.
 * Nothing is followed out of `outDir` (a symbolic link in the way is refused). A failure throws a WriteFault
 * naming the file.
 */
export async function writeRunFolder(
  outDir: string,
  record: RunRecord,
  otherFiles: Readonly<Record<string, string>> = {},
): Promise<void> {
  const folder = runFolderPath(outDir, record.run_id);
  try {
    await assertNoSymlinkFrom(outDir, folder);
    await rm(join(folder, 'run.json'), { force: true });
    await rm(folder, { recursive: true, force: true });
  } catch (error) {
    throw writeFaultOf(error, folder);
  }
  const files: Record<string, FileProof> = {};
  for (const [name, contents] of Object.entries({ 'curve.csv': curveToCsv(record.curve), ...otherFiles })) {
    await writeFileAtomically(join(folder, name), contents, { noLinksFrom: outDir });
    files[name] = proofOf(name, contents);
  }
  await writeFileAtomically(join(folder, 'run.json'), runJsonText(record, files), { noLinksFrom: outDir });
}

/** A run folder as read back. */
export type RunFolderReading =
  /** No run.json: the run never finished writing (or never started). */
  | { state: 'absent' }
  /** run.json or a file it vouches for is unreadable, edited or cut: `problem` says which and how. */
  | { state: 'damaged'; problem: string }
  /**
   * `proven`: every file run.json vouches for has its recorded SHA-256. False for a run.json written before
   * optlab recorded `files`: its curve reads, but nothing shows it whole.
   */
  | { state: 'read'; record: RunRecord; proven: boolean };

/** The text of a file, or null when there is none. */
async function readIfThere(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The reason of a failed read, as a message shows it. */
function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads run.json and checks every file it vouches for; a problem names the file (as under `outDir`) and what is wrong. */
export async function readRunFolder(outDir: string, runId: string): Promise<RunFolderReading> {
  const folder = runFolderPath(outDir, runId);
  const runJsonPath = join(folder, 'run.json');
  try {
    const text = await readIfThere(runJsonPath);
    if (text === null) return { state: 'absent' };
    const parsed = parseRunJson(text, runJsonPath, runId);
    if (typeof parsed === 'string') return { state: 'damaged', problem: parsed };
    for (const [name, proof] of Object.entries(parsed.files ?? {})) {
      const contents = await readIfThere(join(folder, name));
      if (contents === null) return { state: 'damaged', problem: `${join(folder, name)} is missing, though its run.json vouches for it` };
      const mismatch = proofMismatch(name, contents, proof);
      if (mismatch !== null) return { state: 'damaged', problem: `${folder}: ${mismatch}` };
    }
    const curvePath = join(folder, 'curve.csv');
    const curveText = await readIfThere(curvePath);
    if (curveText === null) return { state: 'damaged', problem: `${curvePath} is missing` };
    try {
      return { state: 'read', record: { ...parsed.record, curve: curveFromCsv(curveText) }, proven: parsed.files !== null };
    } catch (error) {
      return { state: 'damaged', problem: `${curvePath}: ${reasonOf(error)}` };
    }
  } catch (error) {
    return { state: 'damaged', problem: `${folder}: ${reasonOf(error)}` };
  }
}

/**
 * Reads a run back from its folder, for reports: null when run.json is missing or the folder is damaged (see
 * readRunFolder), or (unless `includeUnfinished`) when the run did not finish (status failed or interrupted).
 * A run.json from before optlab recorded its files' proof is read as it is.
 */
export async function readRunRecord(
  outDir: string,
  runId: string,
  options: { includeUnfinished?: boolean } = {},
): Promise<RunRecord | null> {
  const reading = await readRunFolder(outDir, runId);
  if (reading.state !== 'read') return null;
  return options.includeUnfinished || FINISHED_STATUSES.includes(reading.record.status) ? reading.record : null;
}

/**
 * True when the run need not be trained again: its run.json says complete or diverged and every file it vouches
 * for is whole. A damaged folder, or one whose run.json predates the proof, is not done.
 */
export async function isRunDone(outDir: string, runId: string): Promise<boolean> {
  const reading = await readRunFolder(outDir, runId);
  return reading.state === 'read' && reading.proven && FINISHED_STATUSES.includes(reading.record.status);
}

/** Ids of every run folder under `<outDir>/runs` (finished or not), sorted; empty when there is none. */
export async function listRunIds(outDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(outDir, 'runs'), { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    // No folder there (or a file where it would be): it holds no runs; writing there is refused elsewhere.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

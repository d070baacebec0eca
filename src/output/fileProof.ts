// What run.json vouches for about each file beside it (curve.csv, ntk.csv, directions.csv, the kernels): its
// number of data rows and its SHA-256, so that a file cut short (even at a row boundary) or edited after the run
// was written is found when the folder is read back, instead of being taken for a result.
import { createHash } from 'node:crypto';

/** One file's entry in run.json's `files`. */
export interface FileProof {
  /** Data rows: lines after the header; every line for the kernel files, which have none (SPEC §3). */
  rows: number;
  /** SHA-256 of the file's bytes (UTF-8, as written), lowercase hex: what `sha256sum` prints. */
  sha256: string;
}

/** The P x P kernel files are numbers only; every other file optlab writes opens with a header line. */
function hasHeader(name: string): boolean {
  return !/^kernel_.*\.csv$/.test(name);
}

/** Data rows of a file's text: its lines (a last line cut before its newline counts too), less the header. */
function dataRows(name: string, text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  if (text !== '' && !text.endsWith('\n')) lines++;
  return Math.max(0, lines - (hasHeader(name) ? 1 : 0));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The proof of a file `name` holding `text`, as run.json records it. */
export function proofOf(name: string, text: string): FileProof {
  return { rows: dataRows(name, text), sha256: sha256(text) };
}

/** How `text`, read back as file `name`, differs from what run.json vouches for; null when it is that file. */
export function proofMismatch(name: string, text: string, proof: FileProof): string | null {
  const found = proofOf(name, text);
  if (found.sha256 === proof.sha256) return null;
  const rows = found.rows === proof.rows ? `the same ${proof.rows} data rows` : `${found.rows} data rows instead of ${proof.rows}`;
  return `${name} does not match its run.json (${rows}, SHA-256 ${found.sha256.slice(0, 12)}… instead of ${proof.sha256.slice(0, 12)}…): it was cut short or changed after the run was written`;
}

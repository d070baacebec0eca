// Atomic file writes: the contents go to a temp file in the target's folder, which is then renamed over the
// target, so no reader ever sees a half-written file under the final name (SPEC §3).
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Writes `contents` (UTF-8) to `path` atomically, creating missing parent folders first. */
export async function writeFileAtomically(path: string, contents: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // write-file-atomic fsyncs the temp file before the rename and deletes it if anything fails.
  await writeFileAtomic(path, contents, { encoding: 'utf8' });
}

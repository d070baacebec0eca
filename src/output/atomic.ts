// Atomic file writes: the contents go to a temp file in the target's folder, which is then renamed over the
// target, so no reader ever sees a half-written file under the final name (SPEC §3). Every results file
// optlab writes goes through here.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { writeFaultOf } from './writeFault.js';

/**
 * Writes `contents` (UTF-8) to `path` atomically, creating missing parent folders first. A failure (disk full,
 * no permission) throws a WriteFault naming `path`, leaving the old file (or none) under that name.
 */
export async function writeFileAtomically(path: string, contents: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    // write-file-atomic fsyncs the temp file before the rename and deletes it if anything fails.
    await writeFileAtomic(path, contents, { encoding: 'utf8' });
  } catch (error) {
    throw writeFaultOf(error, path);
  }
}

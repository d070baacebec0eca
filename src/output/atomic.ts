// Atomic file writes: the contents go to a temp file in the target's folder, written in full (a short write is
// continued, never ignored), fsynced, then renamed over the target, so no reader ever sees a half-written file
// under the final name (SPEC §3). Every results file optlab writes goes through here.
import fs from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { assertNoSymlinkFrom } from './noSymlinks.js';
import { tempPathFor } from './tempFiles.js';
import { writeFaultOf } from './writeFault.js';

export interface AtomicWriteOptions {
  /**
   * A folder at or above the target (its experiment folder): neither it nor any folder between it and the
   * target, nor the target, may be a symbolic link. Default: the target only.
   */
  noLinksFrom?: string;
}

// node:fs's callback API, looked up on the module object at each call (not bound at import), so that a test can
// put a file system that writes short or fills up under every write of a process, the CLI's included.

function openNew(path: string): Promise<number> {
  // O_EXCL: a fresh file, never an existing one, nor whatever a symbolic link of that name points to.
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;
  return new Promise((resolve, reject) => fs.open(path, flags, 0o666, (error, fd) => (error ? reject(error) : resolve(fd))));
}

function writeSome(fd: number, bytes: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.write(fd, bytes, offset, bytes.length - offset, offset, (error, written) => (error ? reject(error) : resolve(written))),
  );
}

function fsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
}

function close(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.close(fd, (error) => (error ? reject(error) : resolve())));
}

/**
 * Writes all of `bytes` to a new file and fsyncs it. write(2) may write fewer bytes than asked (a disk filling
 * up writes what fits, and only the next call fails with ENOSPC): the rest is written until none is left.
 */
async function writeWholeFile(path: string, bytes: Buffer): Promise<void> {
  const fd = await openNew(path);
  try {
    for (let offset = 0; offset < bytes.length; ) {
      const written = await writeSome(fd, bytes, offset);
      // A regular file never takes 0 bytes of a non-empty write without an error; looping on it would never end.
      if (written <= 0) throw new Error(`the file system took 0 of ${bytes.length - offset} bytes`);
      offset += written;
    }
    await fsync(fd);
  } finally {
    await close(fd);
  }
}

/**
 * Writes `contents` (text as UTF-8, or bytes such as a PNG) to `path` atomically, creating missing parent folders first. A failure (disk full,
 * no permission, a symbolic link in the way) throws a WriteFault naming `path`, leaving the old file (or none)
 * under that name and no temp file.
 */
export async function writeFileAtomically(path: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  try {
    await assertNoSymlinkFrom(options.noLinksFrom ?? path, path);
    await mkdir(dirname(path), { recursive: true });
    const temp = tempPathFor(path);
    try {
      await writeWholeFile(temp, typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents));
      // rename(2) replaces the name itself: a symbolic link put there since the check is replaced, not followed.
      await rename(temp, path);
    } catch (error) {
      // The first failure is what the user needs to hear; a temp file that cannot go now goes on the next run.
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    throw writeFaultOf(error, path);
  }
}

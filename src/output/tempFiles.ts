// The temp files of atomic writes: named for the machine and process that write them, so that the next run can
// tell a killed process's leftovers (removed) from a live one's file in the making (kept).
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The host as it appears in a temp file's name: characters a file name might not take become '_'. */
function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9.-]/g, '_');
}

/** `<target>.optlab-tmp-<host>-<pid>-<8 hex>`: beside the target, so the rename stays on one file system. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `${basename(target)}.optlab-tmp-${hostTag()}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** What a temp file's name says about its writer, or null for a name that is not an optlab temp file's. */
export function tempFileWriter(name: string): { host: string; pid: number } | null {
  const match = /^.+\.optlab-tmp-(.+)-(\d+)-[0-9a-f]{8}$/.exec(name);
  return match === null ? null : { host: match[1], pid: Number(match[2]) };
}

/** True unless no process has this pid (EPERM: one does, owned by another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The plain files of a folder (none when it does not exist); symbolic links and folders are not touched. */
async function plainFilesIn(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw error;
  }
}

/** The real (not symlinked) run folders under `<experimentDir>/runs`. */
async function runFoldersIn(experimentDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(experimentDir, 'runs'), { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => join(experimentDir, 'runs', entry.name));
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw error;
  }
}

/**
 * Deletes the temp files a killed optlab process left in the experiment folder and its run folders: only files
 * named as tempPathFor names them, written on this machine by a process that no longer exists. Another machine's
 * temp files (shards sharing a folder over the network) are left alone: their writers cannot be checked from here.
 * Returns the paths removed.
 */
export async function removeLeftoverTempFiles(experimentDir: string): Promise<string[]> {
  const host = hostTag();
  const removed: string[] = [];
  for (const folder of [experimentDir, ...(await runFoldersIn(experimentDir))]) {
    for (const name of await plainFilesIn(folder)) {
      const writer = tempFileWriter(name);
      if (writer === null || writer.host !== host || isAlive(writer.pid)) continue;
      await rm(join(folder, name), { force: true });
      removed.push(join(folder, name));
    }
  }
  return removed;
}

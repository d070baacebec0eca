// optlab never follows a symbolic link inside an experiment folder: a linked summary.csv, runs/ or run folder
// would make it overwrite or delete files outside the results, so such a link is refused, not followed.
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** The error of a refused link: ELOOP, the code the system gives for a link met where none may be (O_NOFOLLOW). */
export function symlinkRefused(link: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${link} is a symbolic link, and optlab does not follow links inside an experiment folder`), {
    code: 'ELOOP',
    path: link,
  });
}

/** The lstat of `path`, or null when nothing is there (or a part of the path is a file: whoever writes there says so). */
async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return null;
    throw error;
  }
}

/**
 * Throws symlinkRefused for the first of `from` and each path component below it, down to `path` itself, that is
 * a symbolic link. A missing component ends the check: what does not exist yet is created as a real folder.
 */
export async function assertNoSymlinkFrom(from: string, path: string): Promise<void> {
  const below = relative(resolve(from), resolve(path));
  if (below === '..' || below.startsWith(`..${sep}`)) throw new Error(`${path} is not inside ${from}`);
  let current = from;
  for (const part of ['', ...below.split(sep).filter((name) => name !== '')]) {
    current = join(current, part);
    const stats = await lstatOrNull(current);
    if (stats === null) return;
    if (stats.isSymbolicLink()) throw symlinkRefused(current);
  }
}

/** Names of the entries of `folder` that are symbolic links, and of those that are real folders. */
async function entriesOf(folder: string): Promise<{ links: string[]; folders: string[] }> {
  try {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    return {
      links: entries.filter((entry) => entry.isSymbolicLink()).map((entry) => join(folder, entry.name)),
      folders: entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
    };
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return { links: [], folders: [] };
    throw error;
  }
}

/**
 * The first symbolic link among what optlab writes and deletes in an experiment folder: the folder itself, its
 * entries (summary.csv, curves.csv, plan.json, runs/), the entries of runs/ and of every run folder; null if none.
 */
export async function symlinkInExperimentFolder(dir: string): Promise<string | null> {
  const stats = await lstatOrNull(dir);
  if (stats === null) return null;
  if (stats.isSymbolicLink()) return dir;
  const top = await entriesOf(dir);
  if (top.links.length > 0) return top.links[0];
  if (!top.folders.includes('runs')) return null;
  const runs = await entriesOf(join(dir, 'runs'));
  if (runs.links.length > 0) return runs.links[0];
  for (const runId of runs.folders) {
    const run = await entriesOf(join(dir, 'runs', runId));
    if (run.links.length > 0) return run.links[0];
  }
  return null;
}

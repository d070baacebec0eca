// The checks that results can be written where they are to go, made before anything loads or trains, so an
// unwritable --out costs the user seconds, not a sweep; and the clearing of a killed process's temp files.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../lib/errors.js';
import { symlinkInExperimentFolder } from './noSymlinks.js';
import { removeLeftoverTempFiles } from './tempFiles.js';
import { describeFileError } from './writeFault.js';

/** The deepest folder of `path` (or `path` itself) that exists: where its missing folders would be created. */
async function nearestExisting(path: string): Promise<string> {
  for (let current = resolve(path); ; current = dirname(current)) {
    try {
      await stat(current);
      return current;
    } catch (error) {
      // Anything but "does not exist" (a file in the way: ENOTDIR) is the answer itself.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
    }
  }
}

/**
 * Throws a UserError naming `folder` unless files can be created in it (or, if it does not exist yet, in the
 * nearest folder above it that does). Tried for real, by creating and removing a probe folder: permission bits
 * do not say it all (root ignores them; a read-only mount does not show in them).
 */
export async function assertWritableFolder(folder: string): Promise<void> {
  assertNoNul(folder);
  try {
    const existing = await nearestExisting(folder);
    if (!(await stat(existing)).isDirectory()) throw Object.assign(new Error(`${existing} is a file`), { code: 'ENOTDIR' });
    await rm(await mkdtemp(join(existing, '.optlab-write-check-')), { recursive: true });
  } catch (error) {
    throw cannotWrite(folder, error);
  }
}

/** No file system takes a NUL in a name; Node's own message for it speaks of arguments, not folders. */
function assertNoNul(folder: string): void {
  if (folder.includes('\0')) throw new UserError(`cannot write results to ${JSON.stringify(folder)}: a path cannot hold a NUL character; choose another folder with --out`);
}

/** The UserError of a folder results cannot be written to, saying why. */
function cannotWrite(folder: string, error: unknown): UserError {
  return new UserError(`cannot write results to ${folder}: ${describeFileError(error)}; choose a writable folder with --out, or make this one writable`);
}

/**
 * Readies an experiment folder for `run` or `merge`: throws a UserError when it holds a symbolic link where optlab
 * writes or deletes (checked first, so that not even the probe below lands outside) or cannot be written; then
 * removes the temp files a killed optlab process left in it.
 */
export async function prepareExperimentFolder(folder: string): Promise<void> {
  assertNoNul(folder);
  let link: string | null;
  try {
    link = await symlinkInExperimentFolder(folder);
  } catch (error) {
    throw cannotWrite(folder, error);
  }
  if (link !== null) {
    throw new UserError(
      `cannot write results to ${folder}: ${link} is a symbolic link, and optlab does not follow links inside an experiment folder ` +
        '(it would write or delete files outside it); replace the link with a real file or folder, or choose another folder with --out',
    );
  }
  await assertWritableFolder(folder);
  try {
    await removeLeftoverTempFiles(folder);
  } catch (error) {
    throw cannotWrite(folder, error);
  }
}

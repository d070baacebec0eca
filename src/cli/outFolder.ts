// Whether `--out` can hold experiment folders, checked before anything trains: a file in its place or a
// read-only parent would otherwise surface as a file-system error after the first run.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../lib/errors.js';

/** Throws a UsageError when `out` (or, if it does not exist yet, its nearest existing parent) cannot take new folders. */
export function checkOutFolder(out: string): void {
  if (out.includes('\0')) throw new UsageError(`--out ${JSON.stringify(out)}: a path cannot hold a NUL character`);
  let folder = resolve(out);
  for (;;) {
    let isFolder: boolean | undefined;
    try {
      isFolder = statSync(folder).isDirectory();
    } catch {
      isFolder = undefined;
    }
    if (isFolder === false) {
      throw new UsageError(`--out ${out}: ${folder} is a file, not a folder: give a folder (it is created if missing)`);
    }
    if (isFolder) break;
    if (dirname(folder) === folder) return;
    folder = dirname(folder);
  }
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`--out ${out}: cannot write in ${folder} (permission denied): give a folder you can write to`);
  }
}

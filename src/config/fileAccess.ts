// Whether a file can be read, and why not in words (for config files and the CSV paths they name).
import { accessSync, constants, statSync } from 'node:fs';

/** Why reading a file failed, in words for the common file-system errors. */
export function readErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a folder on the path is a file';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  if (code === 'ELOOP') return 'the path loops through symbolic links';
  // Node refuses paths holding a NUL character before asking the file system.
  if (code === 'ERR_INVALID_ARG_VALUE') return 'the path holds a NUL character';
  return error instanceof Error ? error.message : String(error);
}

/** Undefined when `path` is a readable file, else why it is not ("no such file", "is a folder", ...). */
export function unreadableReason(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'is a folder, not a file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return readErrorReason(error);
  }
}

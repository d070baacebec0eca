// Whether a file can be read, and why not in words (for config files and the CSV paths they name).
import { accessSync, constants, statSync, type Stats } from 'node:fs';

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

/** What a path that is neither a file nor a folder is, in words. */
function specialFileKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Undefined when `path` is a readable regular file, else why it is not ("no such file", "is a folder", ...).
 * Pipes and devices are refused: reading one may never end (a FIFO with no writer waits forever).
 */
export function unreadableReason(path: string): string | undefined {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return 'is a folder, not a file';
    if (!stats.isFile()) return `is ${specialFileKind(stats)}, not a file: give the path of a regular file`;
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return readErrorReason(error);
  }
}

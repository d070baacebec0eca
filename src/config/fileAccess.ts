// Whether a file can be read, and why not in words (for config files and the CSV paths they name).
import { accessSync, constants, statSync } from 'node:fs';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Undefined when `path` is a readable file, else why it is not ("no such file", "is a folder", ...). */
export function unreadableReason(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'is a folder, not a file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return reasonOf(error);
  }
}

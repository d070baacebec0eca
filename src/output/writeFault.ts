// Results that could not be written (disk full, folder not writable): which file, why in plain words, and,
// at the level of a sweep, what to do about it. A fault stops the sweep; what was written before stays valid.

/** What common file-system error codes mean, in a user's words. */
const ERRNO_MEANINGS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'something else already has that name',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** Codes that mean the device is full: the cure is to free space. */
const FULL_DEVICE_CODES = ['ENOSPC', 'EDQUOT'];

/** The reason for a file-system error, e.g. `no space left on device (ENOSPC)`; its message for errors without a known code. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && code in ERRNO_MEANINGS) return `${ERRNO_MEANINGS[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** A file that could not be written: names the file (not a temp file) and the reason. */
export class WriteFault extends Error {
  /** The error code of the failure (ENOSPC, EACCES, ...), when it had one. */
  readonly code: string | undefined;

  constructor(readonly path: string, cause: unknown) {
    super(`could not write ${path}: ${describeFileError(cause)}`, { cause });
    this.name = 'WriteFault';
    this.code = (cause as NodeJS.ErrnoException | null)?.code;
  }
}

/** `error` as a WriteFault of `path`, unless it already is one (which names the file that failed). */
export function writeFaultOf(error: unknown, path: string): WriteFault {
  return error instanceof WriteFault ? error : new WriteFault(path, error);
}

/**
 * What a user does about a fault: free space when the device is full, remove a refused link, else fix the folder;
 * then re-run. `kept`: what the failed command left intact, so the re-run costs only what was lost.
 */
export function writeFaultAdvice(fault: WriteFault, kept = 'finished runs are kept'): string {
  const cure =
    fault.code !== undefined && FULL_DEVICE_CODES.includes(fault.code)
      ? 'free space'
      : fault.code === 'ELOOP'
        ? 'replace the link with a real file or folder (or delete it)'
        : 'make the folder writable';
  return `${fault.message}; ${cure} and re-run: ${kept}`;
}

/**
 * A sweep stopped because its results could not be written (exit status 1: runs were trained, some are lost).
 * The message is one line: the first failure, what to do, and whether the summary was written.
 */
export class ResultsNotWritten extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsNotWritten';
  }
}

// A full disk, simulated under optlab's atomic writes (which call node:fs's callback API): a write to a chosen file
// puts part of its data on disk, then fails with ENOSPC, as a real full disk does. Installed on the `fs` module
// object itself, so it reaches every write of this process; the returned function removes it.
import fs from 'node:fs';

export interface DiskFullOptions {
  /** The first write that fails: to a file whose path (a temp file beside the target) this accepts. */
  failsAt(path: string): boolean;
  /** After the first failure every later write fails too (a disk that stays full), else only matching ones. */
  staysFull: boolean;
}

/** Paths of the files each write failed on, in order, for assertions. */
export interface DiskFull {
  failures: string[];
  restore(): void;
}

type Callback = (...args: unknown[]) => void;

export function simulateDiskFull(options: DiskFullOptions): DiskFull {
  const realOpen = fs.open;
  const realWrite = fs.write;
  const openPaths = new Map<number, string>();
  const failures: string[] = [];
  const mutableFs = fs as unknown as Record<'open' | 'write', (...args: unknown[]) => void>;
  mutableFs.open = (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    (realOpen as (...a: unknown[]) => void)(...args, (error: unknown, fd: number) => {
      if (error === null) openPaths.set(fd, String(args[0]));
      callback(error, fd);
    });
  };
  mutableFs.write = (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    const fd = args[0] as number;
    const path = openPaths.get(fd) ?? '';
    if ((options.staysFull && failures.length > 0) || options.failsAt(path)) {
      failures.push(path);
      // write(fd, buffer, offset, length, position): half the data reaches the file before the device fills up.
      const [, buffer, offset, length, position] = args as [number, Buffer, number, number, number];
      fs.writeSync(fd, buffer, offset, length >> 1, position);
      const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      process.nextTick(callback, error);
      return;
    }
    (realWrite as (...a: unknown[]) => void)(...args, callback);
  };
  return {
    failures,
    restore() {
      mutableFs.open = realOpen as never;
      mutableFs.write = realWrite as never;
    },
  };
}

// A file system whose writes may be short, simulated under optlab's atomic writes (node:fs's callback API, patched
// on the module object): each write takes at most `cap` bytes and reports how many it took, as write(2) may; and,
// when a file matching `fillsAt` is written, the disk fills up as a real one does: that write takes half of what it
// was given and reports the short count, and every later write fails with ENOSPC.
import fs from 'node:fs';

export interface ShortWriteOptions {
  /** Most bytes one write takes (default: all it is given). */
  cap?: number;
  /** The disk fills up at the first write to a file whose path this accepts. */
  fillsAt?(path: string): boolean;
  /** Every write takes 0 bytes and reports 0, without an error. */
  takesNothing?: boolean;
}

export interface ShortWrites {
  /** Byte counts each write reported, in order. */
  counts: number[];
  restore(): void;
}

type Callback = (...args: unknown[]) => void;

export function simulateShortWrites(options: ShortWriteOptions): ShortWrites {
  const realOpen = fs.open;
  const realWrite = fs.write;
  const openPaths = new Map<number, string>();
  const counts: number[] = [];
  let full = false;
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
    const [fd, buffer, offset, length, position] = args as [number, Buffer, number, number, number];
    if (full) {
      const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      process.nextTick(callback, error);
      return;
    }
    let take = options.takesNothing ? 0 : Math.min(length, options.cap ?? length);
    if (options.fillsAt?.(openPaths.get(fd) ?? '')) {
      full = true;
      take = Math.min(take, length >> 1);
    }
    const written = take === 0 ? 0 : fs.writeSync(fd, buffer, offset, take, position);
    counts.push(written);
    process.nextTick(callback, null, written, buffer);
  };
  return {
    counts,
    restore() {
      mutableFs.open = realOpen as never;
      mutableFs.write = realWrite as never;
    },
  };
}

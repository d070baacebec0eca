// Atomic writes: the final name only ever holds a complete file, and no temp file outlives a write, even one
// that fails half-way.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/output/atomic.js';
import { WriteFault } from '../../src/output/writeFault.js';
import { simulateDiskFull } from './diskFull.js';

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'optlab-atomic-'));
}

describe('writeFileAtomically', () => {
  it('creates missing parent folders and leaves only the target behind', async () => {
    const dir = await freshDir();
    const target = join(dir, 'a', 'b', 'file.txt');
    await writeFileAtomically(target, 'hello\n');
    expect(await readFile(target, 'utf8')).toBe('hello\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.txt']);
  });

  it('replaces an existing file and leaves no temp file', async () => {
    const dir = await freshDir();
    const target = join(dir, 'file.txt');
    await writeFileAtomically(target, 'old');
    await writeFileAtomically(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['file.txt']);
  });

  it('a write that fails (the target is a folder, so the rename fails) leaves no temp file and no file under that name', async () => {
    const dir = await freshDir();
    const target = join(dir, 'occupied');
    await mkdir(target);
    await expect(writeFileAtomically(target, 'x'.repeat(10_000))).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['occupied']);
    expect(await readdir(target)).toEqual([]);
  });

  it('a concurrent reader sees the old or the new contents in full, never a part', async () => {
    const dir = await freshDir();
    const target = join(dir, 'big.txt');
    const size = 8 * 1024 * 1024;
    const oldText = 'o'.repeat(size);
    const newText = 'n'.repeat(size);
    await writeFile(target, oldText);
    let writing = true;
    const write = writeFileAtomically(target, newText).finally(() => { writing = false; });
    const seen = new Set<string>();
    while (writing) {
      const text = await readFile(target, 'utf8');
      // A plain (non-atomic) write truncates first: a reader would then see '' or a prefix of newText.
      seen.add(text === oldText ? 'old' : text === newText ? 'new' : `partial (${text.length} chars)`);
    }
    await write;
    expect([...seen].filter((kind) => kind !== 'old' && kind !== 'new')).toEqual([]);
    expect(await readFile(target, 'utf8')).toBe(newText);
    expect(await readdir(dir)).toEqual(['big.txt']);
  });
});

describe('writeFileAtomically on a full disk', () => {
  it('keeps the old file whole when the write fails half-way, removes its temp file and names the target', async () => {
    const dir = await freshDir();
    const target = join(dir, 'curve.csv');
    await writeFileAtomically(target, 'old contents\n');
    const disk = simulateDiskFull({ failsAt: (path) => path.startsWith(target), staysFull: false });
    let thrown: unknown;
    try {
      await writeFileAtomically(target, 'new contents, twice as long as the old\n');
    } catch (error) {
      thrown = error;
    } finally {
      disk.restore();
    }
    // The write really failed part-way, on a temp file beside the target (not on the target itself).
    expect(disk.failures).toHaveLength(1);
    expect(disk.failures[0]).not.toBe(target);
    expect(thrown).toBeInstanceOf(WriteFault);
    expect((thrown as WriteFault).message).toBe(`could not write ${target}: no space left on device (ENOSPC)`);
    expect((thrown as WriteFault).code).toBe('ENOSPC');
    expect(await readFile(target, 'utf8')).toBe('old contents\n');
    expect(await readdir(dir)).toEqual(['curve.csv']);
  });

  it('leaves no file at all under a new name whose first write fails', async () => {
    const dir = await freshDir();
    const disk = simulateDiskFull({ failsAt: () => true, staysFull: true });
    try {
      await expect(writeFileAtomically(join(dir, 'run.json'), '{"run_id": "abc"}\n')).rejects.toThrow(WriteFault);
    } finally {
      disk.restore();
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

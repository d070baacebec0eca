// Atomic writes: the final name only ever holds a complete file, and no temp file outlives a write, even one
// that fails half-way or is taken short by the file system; no symbolic link is followed.
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/output/atomic.js';
import { WriteFault } from '../../src/output/writeFault.js';
import { simulateDiskFull } from './diskFull.js';
import { simulateShortWrites } from './shortWrites.js';
import { tempDir } from '../helpers/tempDirs.js';

async function freshDir(): Promise<string> {
  return tempDir('atomic');
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

describe('writeFileAtomically on a file system that writes short', () => {
  it('continues a short write until every byte is down', async () => {
    const dir = await freshDir();
    const target = join(dir, 'curves.csv');
    // 10,000 distinct lines: a file cut anywhere, or a chunk written twice, differs from this text.
    const text = Array.from({ length: 10_000 }, (_, i) => `${i},${i * i}\n`).join('');
    const fsShort = simulateShortWrites({ cap: 4096 });
    try {
      await writeFileAtomically(target, text);
    } finally {
      fsShort.restore();
    }
    // Bytes by hand: digits of i over 0..9999 = 10·1 + 90·2 + 900·3 + 9000·4 = 38,890; digits of i² = 4·1 + 6·2 +
    // 22·3 + 68·4 + 217·5 + 683·6 + 2163·7 + 6837·8 = 75,374; plus a comma and a newline per line: 134,264.
    expect(Buffer.byteLength(text)).toBe(134_264);
    // ceil(134,264 / 4096) = 33 writes, the last of 134,264 - 32 · 4096 = 3,192 bytes.
    expect(fsShort.counts).toHaveLength(33);
    expect(fsShort.counts.at(-1)).toBe(3192);
    expect(await readFile(target, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['curves.csv']);
  });

  it('a disk that fills up part-way (a short count, then ENOSPC) leaves the old file whole, no temp file, and names the target', async () => {
    const dir = await freshDir();
    const target = join(dir, 'curves.csv');
    await writeFile(target, 'old contents\n');
    const fsShort = simulateShortWrites({ fillsAt: (path) => path.startsWith(`${target}.`) });
    let thrown: unknown;
    try {
      await writeFileAtomically(target, 'x'.repeat(300_000));
    } catch (error) {
      thrown = error;
    } finally {
      fsShort.restore();
    }
    // The first write took half (a short count, no error): a writer that ignores it would rename a cut file into place.
    expect(fsShort.counts).toEqual([150_000]);
    expect(thrown).toBeInstanceOf(WriteFault);
    expect((thrown as WriteFault).message).toBe(`could not write ${target}: no space left on device (ENOSPC)`);
    expect(await readFile(target, 'utf8')).toBe('old contents\n');
    expect(await readdir(dir)).toEqual(['curves.csv']);
  });

  it('a file system that takes nothing and reports no error fails the write instead of looping forever', async () => {
    const dir = await freshDir();
    const target = join(dir, 'summary.csv');
    const fsShort = simulateShortWrites({ takesNothing: true });
    try {
      await expect(writeFileAtomically(target, 'abc\n')).rejects.toThrow(`could not write ${target}: the file system took 0 of 4 bytes`);
    } finally {
      fsShort.restore();
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeFileAtomically and symbolic links', () => {
  it('refuses a target that is a symbolic link, leaving the file it points to untouched', async () => {
    const dir = await freshDir();
    const outside = join(dir, 'outside.csv');
    await writeFile(outside, 'not optlab\'s\n');
    await mkdir(join(dir, 'exp'));
    await symlink(outside, join(dir, 'exp', 'summary.csv'));
    await expect(writeFileAtomically(join(dir, 'exp', 'summary.csv'), 'run_id\n', { noLinksFrom: join(dir, 'exp') })).rejects.toThrow(
      `could not write ${join(dir, 'exp', 'summary.csv')}: ${join(dir, 'exp', 'summary.csv')} is a symbolic link, and optlab does not follow links inside an experiment folder`,
    );
    expect(await readFile(outside, 'utf8')).toBe('not optlab\'s\n');
    expect((await lstat(join(dir, 'exp', 'summary.csv'))).isSymbolicLink()).toBe(true);
  });

  it('refuses a linked folder between noLinksFrom and the target, and a linked noLinksFrom itself, writing nothing outside', async () => {
    const dir = await freshDir();
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await mkdir(join(dir, 'exp'));
    await symlink(outside, join(dir, 'exp', 'runs'));
    await symlink(outside, join(dir, 'linked-exp'));
    const viaRuns = writeFileAtomically(join(dir, 'exp', 'runs', 'r1', 'curve.csv'), 'step\n', { noLinksFrom: join(dir, 'exp') });
    await expect(viaRuns).rejects.toMatchObject({ code: 'ELOOP', message: expect.stringContaining(`${join(dir, 'exp', 'runs')} is a symbolic link`) });
    const viaExp = writeFileAtomically(join(dir, 'linked-exp', 'summary.csv'), 'run_id\n', { noLinksFrom: join(dir, 'linked-exp') });
    await expect(viaExp).rejects.toMatchObject({ code: 'ELOOP' });
    expect(await readdir(outside)).toEqual([]);
  });
});

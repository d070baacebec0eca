// The output-folder check: refuses a folder files cannot be created in, naming it and what to do, and leaves
// nothing behind either way.
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/lib/errors.js';
import { assertWritableFolder } from '../../src/output/writableFolder.js';
import { tempDir } from '../helpers/tempDirs.js';

/** Root ignores permission bits: a read-only folder made with chmod blocks nobody then. */
const RUNNING_AS_ROOT = process.getuid?.() === 0;

async function freshDir(): Promise<string> {
  return tempDir('writable');
}

describe('assertWritableFolder', () => {
  it('accepts a folder that does not exist yet under a writable one, creating nothing', async () => {
    const dir = await freshDir();
    await assertWritableFolder(join(dir, 'results', 'sweep'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('accepts an existing writable folder and leaves its contents as they were', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'keep.txt'), 'x');
    await assertWritableFolder(dir);
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });

  it('refuses a folder under a regular file (ENOTDIR), naming the folder and what to do', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'results'), 'a file where a folder should be');
    const folder = join(dir, 'results', 'sweep');
    const refusal = assertWritableFolder(folder);
    await expect(refusal).rejects.toBeInstanceOf(UserError);
    await expect(refusal).rejects.toThrow(
      `cannot write results to ${folder}: a part of the path is a file, not a folder (ENOTDIR); choose a writable folder with --out, or make this one writable`,
    );
  });

  it('refuses a path holding a NUL character in words, not in Node\'s', async () => {
    await expect(assertWritableFolder('out\u0000x/sweep')).rejects.toThrow(
      'cannot write results to "out\\u0000x/sweep": a path cannot hold a NUL character; choose another folder with --out',
    );
  });

  it('refuses a regular file given as the folder', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'results'), 'x');
    await expect(assertWritableFolder(join(dir, 'results'))).rejects.toThrow(/^cannot write results to .*results: a part of the path is a file, not a folder \(ENOTDIR\)/);
  });

  it.skipIf(RUNNING_AS_ROOT)('refuses a read-only folder (EACCES) and one that would be created inside it', async () => {
    const dir = await freshDir();
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    try {
      await expect(assertWritableFolder(locked)).rejects.toThrow(`cannot write results to ${locked}: permission denied (EACCES)`);
      await expect(assertWritableFolder(join(locked, 'sweep'))).rejects.toThrow(/permission denied \(EACCES\)/);
      expect(existsSync(join(locked, 'sweep'))).toBe(false);
    } finally {
      await chmod(locked, 0o755);
    }
  });
});

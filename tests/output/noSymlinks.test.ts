// No symbolic link is followed inside an experiment folder: each one where optlab writes or deletes is found.
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNoSymlinkFrom, symlinkInExperimentFolder } from '../../src/output/noSymlinks.js';
import { tempDir } from '../helpers/tempDirs.js';

async function experiment(): Promise<{ root: string; dir: string; outside: string }> {
  const root = tempDir('links');
  const dir = join(root, 'exp');
  await mkdir(join(dir, 'runs', 'r1'), { recursive: true });
  await writeFile(join(dir, 'runs', 'r1', 'run.json'), '{}');
  await writeFile(join(dir, 'summary.csv'), 'run_id\n');
  const outside = join(root, 'outside');
  await mkdir(outside);
  return { root, dir, outside };
}

describe('assertNoSymlinkFrom', () => {
  it('passes real folders and paths not created yet', async () => {
    const { dir } = await experiment();
    await assertNoSymlinkFrom(dir, join(dir, 'runs', 'r1', 'curve.csv'));
    await assertNoSymlinkFrom(dir, join(dir, 'runs', 'new', 'deeper', 'curve.csv'));
  });

  it('names the first linked component, from the starting folder itself down to the target', async () => {
    const { root, dir, outside } = await experiment();
    await symlink(outside, join(dir, 'runs', 'r2'));
    await expect(assertNoSymlinkFrom(dir, join(dir, 'runs', 'r2', 'run.json'))).rejects.toMatchObject({ code: 'ELOOP', path: join(dir, 'runs', 'r2') });
    await symlink(dir, join(root, 'alias'));
    await expect(assertNoSymlinkFrom(join(root, 'alias'), join(root, 'alias', 'summary.csv'))).rejects.toMatchObject({ path: join(root, 'alias') });
  });

  it('refuses a path outside the starting folder', async () => {
    const { dir, outside } = await experiment();
    await expect(assertNoSymlinkFrom(dir, join(outside, 'x'))).rejects.toThrow(/is not inside/);
  });
});

describe('symlinkInExperimentFolder', () => {
  it('is null for a folder without links and for one that does not exist', async () => {
    const { root, dir } = await experiment();
    expect(await symlinkInExperimentFolder(dir)).toBeNull();
    expect(await symlinkInExperimentFolder(join(root, 'missing'))).toBeNull();
  });

  it.each([
    ['summary.csv', ['summary.csv']],
    ['runs', ['runs']],
    ['a run folder', ['runs', 'r9']],
    ['a file in a run folder', ['runs', 'r1', 'curve.csv']],
  ])('finds a linked %s', async (_what, parts) => {
    const { dir, outside } = await experiment();
    const link = join(dir, ...parts);
    // The real summary.csv or runs/ goes first, for the link to take its name.
    await rm(link, { recursive: true, force: true });
    await symlink(outside, link);
    expect(await symlinkInExperimentFolder(dir)).toBe(link);
  });

  it('finds the experiment folder itself when it is a link', async () => {
    const { root, dir } = await experiment();
    await symlink(dir, join(root, 'alias'));
    expect(await symlinkInExperimentFolder(join(root, 'alias'))).toBe(join(root, 'alias'));
  });
});

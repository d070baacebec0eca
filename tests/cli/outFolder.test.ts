// `--out` is checked before anything trains: a file in its place, or in place of a folder above it, is a
// UsageError that says so; a folder that does not exist yet is fine (run creates it).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutFolder } from '../../src/cli/outFolder.js';
import { UsageError } from '../../src/lib/errors.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-out-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checkOutFolder', () => {
  it('accepts an existing folder and one still to create, however deep', () => {
    expect(() => checkOutFolder(root)).not.toThrow();
    expect(() => checkOutFolder(join(root, 'new', 'deeper', 'results'))).not.toThrow();
  });

  it('refuses a file given as --out, or standing where a folder of its path should be', () => {
    const file = join(root, 'results.csv');
    writeFileSync(file, 'x\n');
    expect(() => checkOutFolder(file)).toThrow(new UsageError(`--out ${file}: ${file} is a file, not a folder: give a folder (it is created if missing)`));
    expect(() => checkOutFolder(join(file, 'sub'))).toThrow(/results\.csv is a file, not a folder/);
  });

  it('refuses a path holding a NUL character', () => {
    expect(() => checkOutFolder('out\u0000x')).toThrow(/^--out "out\\u0000x": a path cannot hold a NUL character$/);
  });

  // root may write anywhere: the permission check cannot be seen failing as root.
  it.skipIf(userInfo().uid === 0)('refuses a folder it cannot write in', () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      expect(() => checkOutFolder(join(locked, 'results'))).toThrow(/cannot write in .*locked \(permission denied\)/);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

// Temporary folders for one test file, removed when its tests end, so that a run of the suite leaves nothing behind
// in the system's temp folder (vitest evaluates this module afresh in each test file's process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder `<tmp>/optlab-<prefix>-XXXXXX`, removed after this file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `optlab-${prefix}-`));
  made.push(dir);
  return dir;
}

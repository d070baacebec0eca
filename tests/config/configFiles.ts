// Test helper: writes config files (and data files) into a fresh temporary folder.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/tempDirs.js';

/** A fresh folder; `write(name, text)` puts a file in it and returns its path. */
export function tempFolder(): { dir: string; write(name: string, text: string): string } {
  const dir = tempDir('config');
  return {
    dir,
    write(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

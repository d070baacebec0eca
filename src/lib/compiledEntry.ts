// Where a compiled entry file that optlab starts as a process or a thread lives: beside the module that starts it
// in dist/, or, when that module runs as TypeScript source (tests), dist/'s build of it (`npm test` compiles first).
import { fileURLToPath } from 'node:url';

/** The path of dist/<folder>/<file> as seen from the module at `moduleUrl` (its import.meta.url) in src/<folder> or dist/<folder>. */
export function compiledEntry(moduleUrl: string, folder: string, file: string): string {
  const compiled = moduleUrl.endsWith('.ts') ? `../../dist/${folder}/${file}` : `./${file}`;
  return fileURLToPath(new URL(compiled, moduleUrl));
}

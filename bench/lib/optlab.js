// The optlab side of the benchmark: the compiled package (dist/, which `npm run bench` builds first), the
// configs each case writes under bench/out/, and the time per step through the real training loop.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outDir = join(root, 'bench', 'out');
export const bin = join(root, 'bin', 'optlab.js');

/** A module of the compiled package, e.g. distModule('index.js'). */
export function distModule(path) {
  return import(pathToFileURL(join(root, 'dist', path)).href);
}

/** Writes a config under bench/out/configs and returns its path. */
export function writeConfig(name, text) {
  const folder = join(outDir, 'configs');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The plan of a config text and the dataset its runs share. */
export async function planOf(name, text) {
  const { loadPlan, loadDataset } = await distModule('index.js');
  const plan = loadPlan(writeConfig(name, text));
  return { plan, data: await loadDataset(plan.runs[0].config.data) };
}

/**
 * Milliseconds per update of trainCohort on these runs: the time from the end of update 1 to the end of
 * the last, over the updates in between. The config's eval_every should be its step count, so that only
 * steps 0 and T are evaluated and neither falls inside the timed span.
 */
export async function msPerStep(runs, data) {
  const { trainCohort } = await distModule('index.js');
  const stamps = [];
  await trainCohort(runs, data, { onStep: () => stamps.push(performance.now()) });
  return (stamps.at(-1) - stamps[0]) / (stamps.length - 1);
}

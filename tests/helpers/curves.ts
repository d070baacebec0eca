// Reading curves back for comparisons between runs: everything but wall time must match exactly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** curve.csv without its wall_ms column: the only column that depends on the machine's speed. */
export function curveWithoutWallTime(file: string): string {
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  const wall = lines[0].indexOf('wall_ms');
  return lines.map((cells) => cells.filter((_, i) => i !== wall).join(',')).join('\n');
}

/** Every run folder's curve (wall_ms aside), by run id. */
export function curvesOf(experimentDir: string): Record<string, string> {
  const runs = readdirSync(join(experimentDir, 'runs')).sort();
  return Object.fromEntries(runs.map((id) => [id, curveWithoutWallTime(join(experimentDir, 'runs', id, 'curve.csv'))]));
}

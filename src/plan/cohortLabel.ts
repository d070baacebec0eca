// What a cohort trains, said for a progress bar: its model kind and each arm with its run count
// (`linear · adam ×3, sgd ×6`), instead of the cohort's hash.
import type { PlannedRun } from './types.js';

export function cohortLabel(runs: readonly PlannedRun[]): string {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.arm, (counts.get(run.arm) ?? 0) + 1);
  const arms = [...counts.entries()].map(([arm, count]) => `${arm} ×${count}`).join(', ');
  // Runs of one cohort share their model's shape, so its kind is one.
  return runs.length === 0 ? '' : `${runs[0].config.model.kind} · ${arms}`;
}

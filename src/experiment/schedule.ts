// The cohorts an experiment trains, in the order they start: costliest first, so that with several workers the
// long cohorts do not start last and leave the others idle at the end (longest-processing-time-first).
import type { Dataset } from '../data/types.js';
import { groupCohorts } from '../plan/cohorts.js';
import { estimatedRunCost } from '../plan/runCost.js';
import type { PlannedRun } from '../plan/types.js';
import { cohortCapacity } from './cohortCapacity.js';
import type { CohortJob } from './cohortJob.js';

/** The key under which a run's dataset is loaded once and shared. */
export function datasetKey(run: PlannedRun): string {
  return JSON.stringify(run.config.data);
}

/**
 * Groups the runs into cohorts (runs sharing every shape, split to fit memory) and orders them costliest first;
 * equal costs keep plan order, so the schedule, like the cohorts, depends on the runs alone.
 */
export function scheduleCohorts(runs: PlannedRun[], datasets: ReadonlyMap<string, Dataset>): CohortJob[] {
  const jobs: CohortJob[] = [];
  for (const shape of groupCohorts(runs, Number.MAX_SAFE_INTEGER)) {
    const data = datasets.get(datasetKey(shape.runs[0]))!;
    const cohorts = groupCohorts(shape.runs, cohortCapacity(shape.runs[0].config, data));
    for (const [index, cohort] of cohorts.entries()) {
      const cost = cohort.runs.reduce((sum, run) => sum + estimatedRunCost(run.config), 0);
      jobs.push({ id: `${cohort.key}/${index}`, cohort, cost });
    }
  }
  // Array.prototype.sort is stable: equal costs stay in plan order.
  return jobs.sort((a, b) => b.cost - a.cost);
}

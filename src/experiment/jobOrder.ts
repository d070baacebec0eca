// The cohorts an experiment trains, in the order they start: costliest first, so that with several workers the
// long cohorts do not start last and leave the others idle at the end (longest-processing-time-first).
import type { Dataset } from '../data/types.js';
import { groupCohorts } from '../plan/cohorts.js';
import type { PlannedRun } from '../plan/types.js';
import { assertRunFits, cohortCapacity } from './cohortCapacity.js';
import type { CohortJob } from './cohortJob.js';
import { datasetKey } from './loadRunData.js';
import { runShapeOf, stepSeconds } from './stepCost.js';

export interface ScheduleOptions {
  /** The backend that trains (its memory limit and speed). */
  backend: string;
  /** The config file(s), named when a run is refused; default "the config". */
  source?: string;
}

/**
 * Groups the runs into cohorts (runs sharing every shape, split by cohortCapacity) and orders them by estimated
 * time, longest first; equal times keep plan order, so the schedule, like the cohorts, depends on the runs
 * alone. Throws a UserError, before anything trains, when one run cannot fit the backend's memory.
 */
export function scheduleCohorts(runs: PlannedRun[], datasets: ReadonlyMap<string, Dataset>, options: ScheduleOptions): CohortJob[] {
  const { backend } = options;
  const jobs: CohortJob[] = [];
  for (const shape of groupCohorts(runs, Number.MAX_SAFE_INTEGER)) {
    const { config } = shape.runs[0];
    const data = datasets.get(datasetKey(shape.runs[0]))!;
    assertRunFits(config, data, backend, options.source ?? 'the config');
    const cohorts = groupCohorts(shape.runs, cohortCapacity(config, data, backend));
    for (const [index, cohort] of cohorts.entries()) {
      const cost = config.train.steps * stepSeconds(runShapeOf(config, data), cohort.runs.length, backend);
      jobs.push({ id: `${cohort.key}/${index}`, cohort, cost });
    }
  }
  // Array.prototype.sort is stable: equal costs stay in plan order.
  return jobs.sort((a, b) => b.cost - a.cost);
}

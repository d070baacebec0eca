// optlab's programmatic API: load a config into a plan, run it, read the results. The CLI is a thin shell on this.
export { loadPlan, type LoadPlanOptions } from './plan/loadPlan.js';
export { runExperiment, type ExperimentEvents, type ExperimentOptions, type ExperimentResult } from './experiment/runExperiment.js';
export { groupCohorts } from './plan/cohorts.js';
export { trainCohort, type CohortOutcome, type RunOutcome, type TrainHooks } from './train/trainCohort.js';
export { loadDataset } from './data/load.js';
export { buildOptimizer } from './optim/build.js';
export { scheduleMultiplier } from './optim/schedule.js';
export { readRunRecord, isRunDone } from './output/runFolder.js';
export { useBackend } from './backend/backend.js';
export type { BackendChoice } from './backend/choices.js';
export { ConfigError, DataError, UsageError, UserError, type ConfigProblem, type SourceLocation } from './lib/errors.js';
export type * from './config/types.js';
export type { Plan, PlannedRun, Cohort, SweptValue } from './plan/types.js';
export type { RunRecord, CurveRow, RunStatus } from './output/types.js';
export type { Dataset } from './data/types.js';

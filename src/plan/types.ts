// What the planner hands to training and output: concrete runs with stable ids, grouped into cohorts.
import type { RunConfig } from '../config/types.js';

/** A value a sweep axis takes (what appears in summary.csv's swept-field columns). */
export type SweptValue = number | string | boolean | number[];

/** One run of the expanded plan. */
export interface PlannedRun {
  /** Short stable hash of `config` without its name: same config, same id. */
  id: string;
  /** Arm label (the optimizer's `name`). */
  arm: string;
  /** Index of the arm in the config's `optimizers` list. */
  armIndex: number;
  seed: number;
  config: RunConfig;
  /** Value of every swept field of this run, by dotted path (e.g. `optimizer.lr`, `train.batch_size`). */
  swept: Record<string, SweptValue>;
  /** The id of the run whose final parameters this run starts from (model.init_from: plan/initSources.ts). */
  initFrom?: string;
  /** Another run starts from this run's final parameters: its folder keeps them (final_params.json). */
  saveParams?: boolean;
}

/** The expanded experiment. */
export interface Plan {
  name: string;
  /** The config file(s) the plan came from, as the user named them. */
  sources: string[];
  /** Folder that relative paths in the config were resolved against. */
  baseDir: string;
  runs: PlannedRun[];
  /** Dotted paths of every swept field, in a stable order (the summary's columns). */
  sweptFields: string[];
  /** The config's `description:` text, when it has one. */
  description?: string;
  /** The config's `expect:` claims as written (each checked against the plan when loaded); absent: none. */
  expect?: string[];
  /** SHA-256 of the contents of every data file the runs read, by absolute path (none for generated data). */
  dataDigests?: Readonly<Record<string, string>>;
}

/** Runs that share every shape (data, model architecture, optimizer kind, batch size, steps) and train as one computation. */
export interface Cohort {
  /** Hash of the shared (structural) part of the run configs. */
  key: string;
  runs: PlannedRun[];
}

// The vocabulary of the config catalog: parameter types, parameters, kinds and sections, from which
// the zod schemas, the sweep expansion, the error hints and `optlab list` are all derived.
import type { FieldProblem } from './problems.js';
import type { LossKind } from './types.js';

/** A JSON-like value a parameter can hold (a default, or a value read from YAML). */
export type ParamValue = number | string | boolean | null | ParamValue[] | { [key: string]: ParamValue };

/** The sections whose entries are `{ kind, ...params }` mappings. */
export type SectionName = 'data' | 'model' | 'optimizer' | 'schedule';

export interface NumberType {
  type: 'number';
  /** A safe integer (|n| <= 2^53 - 1), as every count and seed must be. */
  integer?: boolean;
  /** Lower bound, inclusive unless `exclusiveMin`. */
  min?: number;
  exclusiveMin?: boolean;
  /** Upper bound, inclusive unless `exclusiveMax`. */
  max?: number;
  exclusiveMax?: boolean;
  /** Words accepted in place of a number (e.g. "full" for batch_size). */
  words?: readonly string[];
  /** null is accepted in place of a number (its meaning is the parameter's doc's, e.g. "every example"). */
  nullable?: boolean;
}

export interface BooleanType {
  type: 'boolean';
}

export interface EnumType {
  type: 'enum';
  values: readonly string[];
}

/** Free text, optionally restricted by a pattern that `patternDoc` describes in words. */
export interface StringType {
  type: 'string';
  pattern?: RegExp;
  patternDoc?: string;
}

/** A file path relative to the config file's folder; resolved to an absolute path that must be readable. */
export interface FileType {
  type: 'file';
}

/** A value that is itself a list: swept by a list of lists. */
export interface ListType {
  type: 'list';
  of: ParamType;
  minLength?: number;
}

/** A nested `{ kind, ...params }` mapping of a section (e.g. `train.schedule`). */
export interface SectionType {
  type: 'section';
  section: SectionName;
}

/** A nested mapping with fixed keys (e.g. `train`). */
export interface FieldsType {
  type: 'fields';
  fields: Record<string, ParamSpec>;
}

export type ParamType =
  | NumberType
  | BooleanType
  | EnumType
  | StringType
  | FileType
  | ListType
  | SectionType
  | FieldsType;

/** One parameter: its type, its default and what it means. */
export interface ParamSpec {
  type: ParamType;
  /** One line for `optlab list`. */
  doc: string;
  /** Value used when the key is absent. With none of `default`, `derived`, `whenAbsent`, the key is required. */
  default?: ParamValue;
  /** Where the default comes from (a paper or library it follows, e.g. "torch.optim.RMSprop"), shown by `optlab list`. */
  defaultFrom?: string;
  /** How the value is filled from other fields when absent (validation leaves it undefined). */
  derived?: string;
  /**
   * What leaving the key out means, for a parameter that may be absent from the resolved config
   * (e.g. `metrics.ntk`: no NTK metrics). With `default`, `derived` or this, the key is optional.
   */
  whenAbsent?: string;
  /** May differ between the runs of one cohort: a per-run hyperparameter, not a shape. */
  perRun?: boolean;
  /** False for labels: a list there is an error, not a sweep. */
  sweepable?: false;
}

/**
 * One parameter spec per field of a kind's resolved config C (src/config/types.ts) but `kind`: a catalog entry
 * written against it (with `satisfies`) cannot gain or lose a parameter unless its type does too.
 */
export type ParamsOf<C> = { [Key in Exclude<keyof C, 'kind'>]-?: ParamSpec };

/** One kind of a section (an optimizer, a dataset, ...) and its parameters. */
export interface KindSpec {
  kind: string;
  /** One line for `optlab list`. */
  doc: string;
  params: Record<string, ParamSpec>;
  /**
   * Fills the fields derived from others and checks fields against each other, in a parsed entry of
   * this kind (changed in place); problem paths are relative to the entry.
   */
  finish?(entry: Record<string, unknown>): FieldProblem[];
}

export interface DataKindSpec extends KindSpec {
  task: 'regression' | 'classification';
  /** Losses this data supports; the first is the default `train.loss`. */
  losses: readonly LossKind[];
  /** Training-set size when the config alone tells it (to check batch_size against it). */
  trainExamples?: (data: Record<string, unknown>) => number | undefined;
}

export interface ModelKindSpec extends KindSpec {
  /** Data tasks it works with (every task when absent). */
  tasks?: readonly DataKindSpec['task'][];
  /**
   * Keys of other model kinds this one leaves out when `model.kind` is swept with them (infinite-ntk has no
   * width): they are not set in its runs, and a sweep over them does not multiply its runs.
   */
  leavesOut?: readonly string[];
  /**
   * false for a kind with no trainable parameters (trained in function space, say): it has no Hessian, so
   * metrics.sharpness is refused. Absent: the kind has trainable parameters.
   */
  trainable?: false;
}

export interface OptimizerKindSpec extends KindSpec {
  /** A full-batch method: its runs always have train.batch_size "full". */
  fullBatch?: boolean;
  /** Model kinds it works with (every kind when absent). */
  models?: readonly string[];
}

export interface SectionSpec<K extends KindSpec = KindSpec> {
  name: SectionName;
  /** What one entry is called in messages and listings ("optimizer", "dataset"). */
  noun: string;
  /** Kind used when `kind` is absent; without one, `kind` is required. */
  defaultKind?: string;
  kinds: readonly K[];
}

/** Everything a config can say. */
export interface Catalog {
  /** Top-level parameters (name, seeds); data, model, train, metrics, optimizers, grid and zip are structure. */
  experiment: Record<string, ParamSpec>;
  train: Record<string, ParamSpec>;
  /** The `metrics:` block: one optional mapping per metric family (e.g. `ntk`). */
  metrics: Record<string, ParamSpec>;
  data: SectionSpec<DataKindSpec>;
  model: SectionSpec<ModelKindSpec>;
  optimizer: SectionSpec<OptimizerKindSpec>;
  schedule: SectionSpec;
}

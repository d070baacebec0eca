// The resolved configuration of one run (every default filled, no sweep lists left): what the
// planner produces, what a run id hashes, and what data/, models/, optim/ and train/ consume.
// The zod schema in schema.ts validates user YAML into exactly these shapes; SPEC.md §2 and §4 are the contract.

/** `linear-regression`: X with singular values spread geometrically over [1, condition], y = X w* + noise. */
export interface LinearRegressionData {
  kind: 'linear-regression';
  n_train: number;
  n_test: number;
  dim: number;
  condition: number;
  noise: number;
  /** Seed of the data draw (shared by every run; NOT the run seed). */
  seed: number;
  standardize: boolean;
}

/** `csv`: features and a numeric target column from two CSV files (paths resolved against the config file's folder). */
export interface CsvData {
  kind: 'csv';
  /** Absolute path after resolution. */
  train: string;
  /** Absolute path after resolution. */
  test: string;
  target: string;
  standardize: boolean;
}

export type DataConfig = LinearRegressionData | CsvData;
export type DataKind = DataConfig['kind'];

export type LinearInit = 'zeros' | 'normal';

/** `linear`: f(x) = x W + b. */
export interface LinearModel {
  kind: 'linear';
  init: LinearInit;
}

/** `ridge`: the linear model trained on mse + lambda ||W||_F^2 (bias not penalised). */
export interface RidgeModel {
  kind: 'ridge';
  init: LinearInit;
  lambda: number;
}

export type ModelConfig = LinearModel | RidgeModel;
export type ModelKind = ModelConfig['kind'];

/** Learning-rate schedules: each maps the update count t = 1..T to a multiplier of lr. */
export type ScheduleConfig =
  | { kind: 'constant' }
  | { kind: 'step'; every: number; gamma: number }
  | { kind: 'cosine'; min_factor: number }
  | { kind: 'warmup'; steps: number; then: ScheduleConfig };
export type ScheduleKind = ScheduleConfig['kind'];

export type LossKind = 'mse' | 'cross-entropy';

export interface TrainConfig {
  steps: number;
  /** Examples per update, or "full" for deterministic full-batch descent. */
  batch_size: number | 'full';
  loss: LossKind;
  eval_every: number;
  schedule: ScheduleConfig;
}

interface OptimizerBase {
  /** Label of the comparison arm (default: the kind). */
  name: string;
  lr: number;
  weight_decay: number;
}
export interface SgdConfig extends OptimizerBase { kind: 'sgd' | 'gd' }
export interface MomentumConfig extends OptimizerBase { kind: 'momentum' | 'nesterov'; momentum: number; dampening: number }
export interface SignSgdConfig extends OptimizerBase { kind: 'signsgd' }
export interface RmspropConfig extends OptimizerBase { kind: 'rmsprop'; alpha: number; eps: number }
export interface AdagradConfig extends OptimizerBase { kind: 'adagrad'; eps: number; initial_accumulator: number }
export interface AdamConfig extends OptimizerBase { kind: 'adam' | 'adamw'; beta1: number; beta2: number; eps: number; bias_correction: boolean }
export interface LionConfig extends OptimizerBase { kind: 'lion'; beta1: number; beta2: number }
export interface PrecondGdConfig extends OptimizerBase { kind: 'precond-gd'; delta: number }

export type OptimizerConfig =
  | SgdConfig
  | MomentumConfig
  | SignSgdConfig
  | RmspropConfig
  | AdagradConfig
  | AdamConfig
  | LionConfig
  | PrecondGdConfig;
export type OptimizerKind = OptimizerConfig['kind'];

/** One fully resolved run. Its run id is a hash of everything here but `name`. */
export interface RunConfig {
  /** Experiment name (results/<name>/). */
  name: string;
  /** Run seed: initialization and minibatch order. */
  seed: number;
  data: DataConfig;
  model: ModelConfig;
  train: TrainConfig;
  optimizer: OptimizerConfig;
}

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

/** `teacher-mlp`: Gaussian inputs, targets from a random MLP teacher (drawn from `seed`) plus noise. */
export interface TeacherMlpData {
  kind: 'teacher-mlp';
  n_train: number;
  n_test: number;
  dim: number;
  /** Teacher's hidden widths. */
  hidden: number[];
  activation: Activation;
  /** Target columns. */
  outputs: number;
  noise: number;
  seed: number;
  standardize: boolean;
}

/** `moons`: two interleaving half circles in 2-D (classification, 2 classes). */
export interface MoonsData {
  kind: 'moons';
  n_train: number;
  n_test: number;
  noise: number;
  seed: number;
  standardize: boolean;
}

/** `spirals`: `classes` interleaved spiral arms in 2-D (classification). */
export interface SpiralsData {
  kind: 'spirals';
  n_train: number;
  n_test: number;
  classes: number;
  noise: number;
  seed: number;
  standardize: boolean;
}

/** `blobs`: `classes` isotropic Gaussian clusters in `dim` dimensions (classification). */
export interface BlobsData {
  kind: 'blobs';
  n_train: number;
  n_test: number;
  dim: number;
  classes: number;
  /** Standard deviation of each cluster around its centre. */
  spread: number;
  seed: number;
  standardize: boolean;
}

/** `mnist`: real handwritten digits shipped by an npm package (pixels / 255, 784 features). */
export interface MnistData {
  kind: 'mnist';
  n_train: number;
  n_test: number;
  /** Digits 0..classes-1 are used. */
  classes: number;
  /** Seed of the subset drawn from the package's train and test sets. */
  seed: number;
  standardize: boolean;
}

export type DataConfig = LinearRegressionData | CsvData | TeacherMlpData | MoonsData | SpiralsData | BlobsData | MnistData;
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

export type Activation = 'relu' | 'tanh' | 'gelu' | 'erf' | 'linear';
/** The activations whose infinite-width kernels are written in closed form (gelu's is not derived here). */
export type AnalyticActivation = 'relu' | 'erf' | 'linear';

/**
 * `mlp` (SPEC §4): layers h_{l} = phi(layer(h_{l-1})), the last layer without phi, output times
 * output_scale. standard: layer = h W + b, W ~ N(0, 2/fan_in) for relu else N(0, 1/fan_in), b = 0.
 * ntk (neural-tangents' stax.Dense): W, b ~ N(0, 1), layer = (w_std / sqrt(fan_in)) h W + b_std b.
 */
export interface MlpModel {
  kind: 'mlp';
  /** Hidden widths (the config's `hidden`, or `width` repeated `depth` times). */
  hidden: number[];
  activation: Activation;
  bias: boolean;
  parameterization: 'standard' | 'ntk';
  w_std: number;
  b_std: number;
  /** alpha: the network output is multiplied by it (lazy training raises it). */
  output_scale: number;
  /**
   * Subtract the output at the run's own init: f(x, theta) = alpha (g(x, theta) - g(x, theta0)), so f = 0
   * at theta0 (Chizat, Oyallon & Bach 2019 analyse lazy training for such a model).
   */
  center: boolean;
  /**
   * Absent or init: theta_0 is drawn from the run's seed. mlp: theta_0 is the final parameters of the trained
   * mlp run of the same plan that differs from this run only in model.kind (src/plan/initSources.ts); a
   * linear-probe keeps that run's hidden layers frozen and trains a fresh last layer drawn from its seed.
   */
  init_from?: 'init' | 'mlp';
}

/** `linearized`: f(x, theta0) + J(x, theta0)(theta - theta0) of the MLP it names. */
export interface LinearizedModel extends Omit<MlpModel, 'kind'> {
  kind: 'linearized';
}

/** `linear-probe`: the MLP with every layer but the last frozen at init. */
export interface LinearProbeModel extends Omit<MlpModel, 'kind'> {
  kind: 'linear-probe';
}

export type NetworkModel = MlpModel | LinearizedModel | LinearProbeModel;

/**
 * `infinite-ntk` (SPEC §6): the mlp of the ntk parameterization as its width goes to infinity, `depth` hidden
 * layers wide: its mean prediction f_t (f_0 = 0) under kernel dynamics with the analytic NTK (src/theory/analyticKernel.ts).
 */
export interface InfiniteNtkModel {
  kind: 'infinite-ntk';
  depth: number;
  activation: AnalyticActivation;
  bias: boolean;
  /** Always ntk: the limit taken is the ntk parameterization's (the standard one's NTK grows with the width). */
  parameterization: 'ntk';
  w_std: number;
  b_std: number;
  /** alpha: Θ and Σ are multiplied by alpha², as the mlp's output is by alpha. */
  output_scale: number;
}

export type ModelConfig = LinearModel | RidgeModel | NetworkModel | InfiniteNtkModel;
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

/** Neural-tangent-kernel metrics (SPEC §3 ntk.csv), computed on the first `points` training examples. */
export interface NtkMetricsConfig {
  /** Evaluate every k steps (and at step 0 and the last). */
  every: number;
  points: number;
  /** Also write kernel_init.csv and kernel_final.csv. */
  save_kernels: boolean;
  /**
   * Also follow the kernel dynamics of the linearized network from the empirical kernel at init on the whole
   * training set (curve.csv's ntk_pred_train_loss / ntk_pred_test_loss, max_stable_lr): mse, gd/sgd/momentum/
   * nesterov without weight_decay, at most 4096 training examples.
   */
  predict: boolean;
}

/** Sharpness metrics (SPEC §6 sharpness.csv): the top Hessian eigenvalue of the training objective. */
export interface SharpnessMetricsConfig {
  /** Evaluate every k steps (and at step 0 and the last). */
  every: number;
  /** The Hessian is taken on the first `points` training examples; null: on all of them. */
  points: number | null;
  /** Lanczos steps (Hessian-vector products) per eigenvalue. */
  iters: number;
}

export interface MetricsConfig {
  /** Absent: no NTK metrics. */
  ntk?: NtkMetricsConfig;
  /** Absent: no sharpness metrics. */
  sharpness?: SharpnessMetricsConfig;
}

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
  metrics: MetricsConfig;
}

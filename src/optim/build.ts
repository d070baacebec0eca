// The named optimizers of SPEC §4 as recipes of gradient transformations (after optax's alias.py),
// each equal to torch.optim's update for the same hyperparameters, for a cohort of K runs.
import * as tf from '@tensorflow/tfjs';
import type {
  AdagradConfig,
  AdamConfig,
  LionConfig,
  MomentumConfig,
  OptimizerConfig,
  PrecondGdConfig,
  RmspropConfig,
} from '../config/types.js';
import { chain } from './chain.js';
import { PerRunStore, type PerRun } from './hyperparams.js';
import { leastSquaresPreconditioner } from './leastSquaresPreconditioner.js';
import { MOMENT_FLOATS_PER_PARAM, preconditionerFloats } from './stateSize.js';
import { addDecayedWeights } from './transforms/addDecayedWeights.js';
import { precondition } from './transforms/precondition.js';
import { scaleByAdam } from './transforms/scaleByAdam.js';
import { scaleByLearningRate } from './transforms/scaleByLearningRate.js';
import { scaleByLion } from './transforms/scaleByLion.js';
import { scaleByRms } from './transforms/scaleByRms.js';
import { scaleByRss } from './transforms/scaleByRss.js';
import { scaleBySign } from './transforms/scaleBySign.js';
import { trace } from './transforms/trace.js';
import type { GradientTransformation, Optimizer, ProblemInfo } from './types.js';

/** A recipe's transformation and its state size, which precond-gd only knows after init. */
interface Recipe {
  transform: GradientTransformation;
  stateFloatsPerParam: () => number;
}

/**
 * Weight decay wd p added to the raw gradient, i.e. torch's coupled L2 decay when it heads a chain
 * (and decoupled decay when it follows a scaling). Left out when every run has wd = 0, as torch
 * skips it, so a zero decay costs nothing.
 */
function weightDecay(wd: PerRun): GradientTransformation[] {
  return wd.values.some((value) => value !== 0) ? [addDecayedWeights(wd)] : [];
}

/** Throws unless every run's bias_correction agrees: booleans are shared by a cohort. */
function sharedBiasCorrection(configs: AdamConfig[]): boolean {
  const value = configs[0].bias_correction;
  if (configs.some((config) => config.bias_correction !== value)) {
    throw new Error('buildOptimizer: bias_correction must be the same for every run of a cohort');
  }
  return value;
}

function recipe(configs: OptimizerConfig[], problem: ProblemInfo, store: PerRunStore): Recipe {
  const kind = configs[0].kind;
  const wd = store.perRun(configs.map((c) => c.weight_decay));
  if (kind === 'precond-gd') return precondGdRecipe(configs as PrecondGdConfig[], problem, store, wd);
  const momentConfigs = configs as Exclude<OptimizerConfig, PrecondGdConfig>[];
  return { transform: momentTransform(momentConfigs, store, wd), stateFloatsPerParam: () => MOMENT_FLOATS_PER_PARAM[kind] };
}

/** The chain of every kind but precond-gd: its state is MOMENT_FLOATS_PER_PARAM[kind] moments per parameter. */
function momentTransform(configs: Exclude<OptimizerConfig, PrecondGdConfig>[], store: PerRunStore, wd: PerRun): GradientTransformation {
  const perRun = <C extends OptimizerConfig>(of: C[], pick: (config: C) => number): PerRun => store.perRun(of.map(pick));
  const descend = scaleByLearningRate();
  const kind = configs[0].kind;
  switch (kind) {
    case 'sgd':
    case 'gd':
      return chain(...weightDecay(wd), descend);
    case 'momentum':
    case 'nesterov': {
      const momentum = configs as MomentumConfig[];
      const direction = trace({
        mu: perRun(momentum, (c) => c.momentum),
        dampening: perRun(momentum, (c) => c.dampening),
        nesterov: kind === 'nesterov',
      });
      return chain(...weightDecay(wd), direction, descend);
    }
    case 'signsgd':
      return chain(...weightDecay(wd), scaleBySign(), descend);
    case 'rmsprop': {
      const rmsprop = configs as RmspropConfig[];
      const direction = scaleByRms({ alpha: perRun(rmsprop, (c) => c.alpha), eps: perRun(rmsprop, (c) => c.eps) });
      return chain(...weightDecay(wd), direction, descend);
    }
    case 'adagrad': {
      const adagrad = configs as AdagradConfig[];
      const direction = scaleByRss({
        initialAccumulator: perRun(adagrad, (c) => c.initial_accumulator),
        eps: perRun(adagrad, (c) => c.eps),
      });
      return chain(...weightDecay(wd), direction, descend);
    }
    case 'adam':
    case 'adamw': {
      const adam = configs as AdamConfig[];
      const direction = scaleByAdam({
        b1: perRun(adam, (c) => c.beta1),
        b2: perRun(adam, (c) => c.beta2),
        eps: perRun(adam, (c) => c.eps),
        biasCorrection: sharedBiasCorrection(adam),
      });
      // torch.optim.AdamW: p <- p (1 - lr wd) - lr adam, i.e. the decay is decoupled from the scaling.
      return kind === 'adam' ? chain(...weightDecay(wd), direction, descend) : chain(direction, ...weightDecay(wd), descend);
    }
    case 'lion': {
      const lion = configs as LionConfig[];
      const direction = scaleByLion({ b1: perRun(lion, (c) => c.beta1), b2: perRun(lion, (c) => c.beta2) });
      return chain(direction, ...weightDecay(wd), descend);
    }
  }
}

/**
 * precond-gd: the coupled-decay gradient of [W; b] times P = (X~^T X~ / n + delta I)^-1, per run.
 * Its state is P: preconditionerFloats(d) = (d+1)^2 floats per run against (d+1) o parameters, so
 * (d+1)/o floats per parameter, where the parameter count is read from the parameters at init.
 */
function precondGdRecipe(configs: PrecondGdConfig[], problem: ProblemInfo, store: PerRunStore, wd: PerRun): Recipe {
  if (problem.modelKind !== 'linear' && problem.modelKind !== 'ridge') {
    throw new Error(`precond-gd needs a linear or ridge model, not ${problem.modelKind}`);
  }
  const size = problem.dim + 1;
  const values = leastSquaresPreconditioner(problem, configs.map((c) => c.delta));
  const preconditioner = store.keep(tf.tensor3d(values, [configs.length, size, size], 'float32'));
  const inner = chain(...weightDecay(wd), precondition(preconditioner), scaleByLearningRate());
  let paramsPerRun: number | null = null;
  return {
    transform: {
      init(params) {
        const state = inner.init(params);
        paramsPerRun = params.reduce((sum, p) => sum + p.size / p.shape[0], 0);
        return state;
      },
      update: (grads, state, params, ctx) => inner.update(grads, state, params, ctx),
    },
    stateFloatsPerParam() {
      if (paramsPerRun === null) throw new Error('precond-gd: stateFloatsPerParam, (d+1)/o, is known once init has seen the parameters');
      return preconditionerFloats(problem.dim) / paramsPerRun;
    },
  };
}

/**
 * Builds the optimizer of a cohort: `configs` holds one config per run (length K), all of the
 * same kind; numeric hyperparameters may differ per run. `config.lr` is not read here: the
 * trainer passes the scheduled per-run lr in every update's context.
 * Throws a plain Error for a mixed cohort or precond-gd on a non-linear model (config validation
 * rejects both earlier).
 */
export function buildOptimizer(configs: OptimizerConfig[], problem: ProblemInfo): Optimizer {
  if (configs.length === 0) throw new Error('buildOptimizer: a cohort needs at least one run');
  const mixed = configs.find((config) => config.kind !== configs[0].kind);
  if (mixed) throw new Error(`buildOptimizer: a cohort shares one optimizer kind, got ${configs[0].kind} and ${mixed.kind}`);
  const store = new PerRunStore();
  let built: Recipe;
  try {
    built = recipe(configs, problem, store);
  } catch (error) {
    store.dispose();
    throw error;
  }
  const { transform, stateFloatsPerParam } = built;
  return {
    init: (params) => transform.init(params),
    update: (grads, state, params, ctx) => transform.update(grads, state, params, ctx),
    get stateFloatsPerParam() {
      return stateFloatsPerParam();
    },
    preconditioner: (state, count) => transform.preconditioner?.(state, count) ?? null,
    dispose: () => store.dispose(),
  };
}

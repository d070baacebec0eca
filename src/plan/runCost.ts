// A run's estimated training cost, known from its config alone (before any data is loaded): what shards
// and the worker schedule balance. Cost = steps x parameters; a cohort or shard costs the sum of its runs.
import type { DataConfig, RunConfig } from '../config/types.js';
import { modelParameterCount } from '../models/parameterCount.js';

/** Input features and model outputs a dataset implies. */
export interface DataShape {
  inputs: number;
  outputs: number;
}

/**
 * The shape of a dataset from its config. A csv file's columns are unknown until it is read: it counts as
 * one feature and one output, which only matters relative to other datasets (a config's runs usually share theirs).
 */
export function dataShapeOf(data: DataConfig): DataShape {
  switch (data.kind) {
    case 'linear-regression':
      return { inputs: data.dim, outputs: 1 };
    case 'csv':
      return { inputs: 1, outputs: 1 };
    case 'teacher-mlp':
      return { inputs: data.dim, outputs: data.outputs };
    case 'moons':
      return { inputs: 2, outputs: 2 };
    case 'spirals':
      return { inputs: 2, outputs: data.classes };
    case 'blobs':
      return { inputs: data.dim, outputs: data.classes };
    case 'mnist':
      // 28 x 28 pixels.
      return { inputs: 784, outputs: data.classes };
  }
}

/**
 * steps x parameters: the run's estimated cost, in parameter-updates. infinite-ntk has no parameters: it updates
 * its n_train x o coefficients of f in Θ instead (a csv's n_train is unknown until it is read: 1).
 */
export function estimatedRunCost(config: RunConfig): number {
  if (config.model.kind === 'infinite-ntk') {
    const examples = 'n_train' in config.data ? config.data.n_train : 1;
    return config.train.steps * examples * dataShapeOf(config.data).outputs;
  }
  return config.train.steps * modelParameterCount(config.model, dataShapeOf(config.data));
}

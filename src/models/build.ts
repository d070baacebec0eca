// Picks the model implementation for a cohort's model kind.
import type { ModelConfig } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { buildLinearModel } from './linear.js';
import type { CohortModel } from './types.js';

/** Builds the cohort model for K runs (configs share a kind; seeds are the runs' seeds). */
export function buildModel(configs: ModelConfig[], seeds: number[], data: Dataset): CohortModel {
  switch (configs[0].kind) {
    case 'linear':
    case 'ridge':
      return buildLinearModel(configs, seeds, data.dim, data.outputs);
  }
}

// Picks the model implementation for a cohort's model kind.
import type { LinearModel, ModelConfig, NetworkModel, RidgeModel } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { buildLinearModel } from './linear.js';
import { buildLinearizedModel } from './linearized.js';
import { buildLinearProbeModel } from './linearProbe.js';
import { buildMlpModel } from './mlp.js';
import type { CohortModel } from './types.js';

/**
 * Builds the cohort model for K runs: `configs` share a kind and (for networks) hidden widths,
 * activation and bias; `seeds` are the runs' seeds. Per run may differ: init (linear, ridge), lambda
 * (ridge), and for networks parameterization, w_std, b_std, output_scale and center.
 */
export function buildModel(configs: ModelConfig[], seeds: number[], data: Dataset): CohortModel {
  const kind = configs[0].kind;
  if (configs.some((c) => c.kind !== kind)) throw new Error(`the runs of a cohort must share a model kind (${kind})`);
  if (seeds.length !== configs.length) throw new Error(`buildModel: ${configs.length} model configs but ${seeds.length} seeds`);
  switch (kind) {
    case 'linear':
    case 'ridge':
      return buildLinearModel(configs as (LinearModel | RidgeModel)[], seeds, data.dim, data.outputs);
    case 'mlp':
      return buildMlpModel(configs as NetworkModel[], seeds, data.dim, data.outputs);
    case 'linear-probe':
      return buildLinearProbeModel(configs as NetworkModel[], seeds, data.dim, data.outputs);
    case 'linearized':
      return buildLinearizedModel(configs as NetworkModel[], seeds, data.dim, data.outputs);
  }
}

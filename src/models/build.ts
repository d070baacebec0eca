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
 * (ridge), and for networks parameterization, w_std, b_std, output_scale and center. `from[k]` (networks) holds the
 * final parameters of the run that run k starts from (model.init_from), null when it starts from its seed's init.
 */
export function buildModel(configs: ModelConfig[], seeds: number[], data: Dataset, from: (Float32Array[] | null)[] = []): CohortModel {
  const kind = configs[0].kind;
  if (configs.some((c) => c.kind !== kind)) throw new Error(`the runs of a cohort must share a model kind (${kind})`);
  if (seeds.length !== configs.length) throw new Error(`buildModel: ${configs.length} model configs but ${seeds.length} seeds`);
  switch (kind) {
    case 'linear':
    case 'ridge':
      return buildLinearModel(configs as (LinearModel | RidgeModel)[], seeds, data.dim, data.outputs);
    case 'mlp':
      return buildMlpModel(configs as NetworkModel[], seeds, data.dim, data.outputs, from);
    case 'linear-probe':
      return buildLinearProbeModel(configs as NetworkModel[], seeds, data.dim, data.outputs, from);
    case 'linearized':
      return buildLinearizedModel(configs as NetworkModel[], seeds, data.dim, data.outputs, from);
    case 'infinite-ntk':
      throw new Error('infinite-ntk has no parameters to build: it trains in function space (src/train/infiniteNtkTraining.ts)');
  }
}

// The `linear-probe` model (SPEC §4) for a cohort: an MLP whose layers but the last stay frozen at
// their initial values (random features, or a trained mlp's learned ones with init_from), so only the last layer is trained.
import * as tf from '@tensorflow/tfjs';
import { centered } from './centering.js';
import {
  disposeStructure,
  flatParams,
  layerCount,
  layersOf,
  networkStructure,
  paramCountFrom,
  paramNamesFrom,
  type NetworkSettings,
} from './network.js';
import { forwardTrace, networkGradients, structuredNtk } from './networkCalculus.js';
import { networkHessian } from './networkHessian.js';
import { drawNetworkParams } from './networkInit.js';
import type { CohortModel } from './types.js';

/**
 * K linear probes. The whole network is drawn as the mlp of the same seeds would be; the model keeps
 * layers 0..L-2 as constants (and the last layer's init, whose output a centered run subtracts).
 * Trainable params: [W_{L-1}, b_{L-1}] (b absent without bias).
 */
export function buildLinearProbeModel(configs: NetworkSettings[], seeds: number[], dim: number, outputs: number, from: (Float32Array[] | null)[] = []): CohortModel {
  const net = networkStructure(configs, dim, outputs);
  const last = layerCount(net) - 1;
  const theta0 = layersOf(net, drawNetworkParams(net, configs, seeds, from, layerCount(net) - 1));
  const frozen = theta0.slice(0, last);
  const withFrozen = (params: tf.Tensor[]) => [...frozen, ...layersOf(net, params)];
  const apply: CohortModel['apply'] = (params, x) => centered(net, forwardTrace(net, withFrozen(params), x).output, theta0, x);
  return {
    paramNames: paramNamesFrom(net, last),
    paramCount: paramCountFrom(net, last),
    init: () => flatParams(theta0.slice(last)).map((t) => tf.clone(t)),
    apply,
    penalty: () => null,
    forwardBackward(params, x) {
      const layers = withFrozen(params);
      const trace = forwardTrace(net, layers, x);
      return { output: centered(net, trace.output, theta0, x), gradients: (dOutput) => networkGradients(net, layers, trace, dOutput, last) };
    },
    curvature(params, x, loss) {
      const layers = withFrozen(params);
      const trace = forwardTrace(net, layers, x);
      return networkHessian(net, layers, trace, loss(centered(net, trace.output, theta0, x)), last);
    },
    ntk: (params, x, x2) => structuredNtk(net, withFrozen(params), x, last, x2),
    // The output is affine in the trainable last layer, so its first-order expansion is itself.
    applyLinearized: (_theta0, params, x) => apply(params, x),
    dispose: () => {
      tf.dispose(flatParams(theta0));
      disposeStructure(net);
    },
  };
}

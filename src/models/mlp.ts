// The `mlp` model (SPEC §4) for a cohort of K runs: a dense network trained in every layer.
import { forwardTrace } from './forward.js';
import { networkStructure, disposeStructure, layersOf, paramCountFrom, paramNamesFrom, type NetworkSettings } from './network.js';
import { drawNetworkParams } from './networkInit.js';
import { structuredNtk } from './structuredNtk.js';
import { linearizedForward } from './tangent.js';
import type { CohortModel } from './types.js';

/**
 * K MLPs with `dim` inputs and `outputs` outputs. Params [W0, b0, W1, b1, ...]: W_l [K, fan_in, fan_out],
 * b_l [K, fan_out] (absent when bias is false); see networkStructure for what may differ per run.
 */
export function buildMlpModel(configs: NetworkSettings[], seeds: number[], dim: number, outputs: number): CohortModel {
  const net = networkStructure(configs, dim, outputs);
  return {
    paramNames: paramNamesFrom(net, 0),
    paramCount: paramCountFrom(net, 0),
    init: () => drawNetworkParams(net, configs, seeds),
    apply: (params, x) => forwardTrace(net, layersOf(net, params), x).output,
    penalty: () => null,
    ntk: (params, x) => structuredNtk(net, layersOf(net, params), x, 0),
    applyLinearized: (theta0, params, x) => linearizedForward(net, layersOf(net, theta0), layersOf(net, params), x),
    dispose: () => disposeStructure(net),
  };
}


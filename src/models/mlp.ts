// The `mlp` model (SPEC §4) for a cohort of K runs: a dense network trained in every layer.
import * as tf from '@tensorflow/tfjs';
import { centered } from './centering.js';
import { networkStructure, disposeStructure, layersOf, paramCountFrom, paramNamesFrom, type NetworkSettings } from './network.js';
import { forwardTrace, linearizedForward, networkGradients, structuredNtk } from './networkCalculus.js';
import { networkHessian } from './networkHessian.js';
import { drawNetworkParams } from './networkInit.js';
import type { CohortModel } from './types.js';

/**
 * K MLPs with `dim` inputs and `outputs` outputs. Params [W0, b0, W1, b1, ...]: W_l [K, fan_in, fan_out],
 * b_l [K, fan_out] (absent when bias is false); see networkStructure for what may differ per run.
 * The model keeps its init theta_0 (a centered run subtracts its output there); init() hands out copies.
 */
export function buildMlpModel(configs: NetworkSettings[], seeds: number[], dim: number, outputs: number, from: (Float32Array[] | null)[] = []): CohortModel {
  const net = networkStructure(configs, dim, outputs);
  const theta0Params = drawNetworkParams(net, configs, seeds, from);
  const theta0 = layersOf(net, theta0Params);
  return {
    paramNames: paramNamesFrom(net, 0),
    paramCount: paramCountFrom(net, 0),
    init: () => theta0Params.map((t) => tf.clone(t)),
    apply: (params, x) => centered(net, forwardTrace(net, layersOf(net, params), x).output, theta0, x),
    penalty: () => null,
    // Centering subtracts a constant of theta, so the gradients are the uncentered network's.
    forwardBackward(params, x) {
      const layers = layersOf(net, params);
      const trace = forwardTrace(net, layers, x);
      return { output: centered(net, trace.output, theta0, x), gradients: (dOutput) => networkGradients(net, layers, trace, dOutput, 0) };
    },
    // Centering subtracts a constant of theta: the Hessian is the uncentered network's, at the centered outputs.
    curvature(params, x, loss) {
      const layers = layersOf(net, params);
      const trace = forwardTrace(net, layers, x);
      return networkHessian(net, layers, trace, loss(centered(net, trace.output, theta0, x)), 0);
    },
    // Centering subtracts a constant of theta: J, and so the kernel, is the uncentered network's.
    ntk: (params, x, x2) => structuredNtk(net, layersOf(net, params), x, 0, x2),
    // The expansion of the centered model around any point a is alpha (g(a) + J(a)(theta - a) - g(theta_0)):
    // around the model's own init that is alpha J(theta_0)(theta - theta_0).
    applyLinearized: (around, params, x) =>
      centered(net, linearizedForward(net, layersOf(net, around), layersOf(net, params), x), theta0, x),
    dispose: () => {
      tf.dispose(theta0Params);
      disposeStructure(net);
    },
  };
}

// The `linearized` model (SPEC §4) for a cohort: the first-order Taylor expansion of an MLP around
// its own initial parameters theta_0, trained like any model.
import * as tf from '@tensorflow/tfjs';
import { centered } from './centering.js';
import { disposeStructure, layersOf, networkStructure, paramCountFrom, paramNamesFrom, type NetworkSettings } from './network.js';
import { forwardTrace, linearizedForward, structuredNtk } from './networkCalculus.js';
import { networkHessian } from './networkHessian.js';
import { drawNetworkParams } from './networkInit.js';
import type { CohortModel } from './types.js';

/**
 * K linearized MLPs: f_lin(x, theta) = f(x, theta_0) + J(x, theta_0)(theta - theta_0), with theta_0 the
 * mlp's init for the same seeds (kept by the model). A centered run drops f(x, theta_0), leaving
 * alpha J_g(x, theta_0)(theta - theta_0). Params are named and shaped as the mlp's.
 */
export function buildLinearizedModel(configs: NetworkSettings[], seeds: number[], dim: number, outputs: number, from: (Float32Array[] | null)[] = []): CohortModel {
  const net = networkStructure(configs, dim, outputs);
  const theta0Params = drawNetworkParams(net, configs, seeds, from);
  const theta0 = layersOf(net, theta0Params);
  const apply: CohortModel['apply'] = (params, x) => centered(net, linearizedForward(net, theta0, layersOf(net, params), x), theta0, x);
  return {
    paramNames: paramNamesFrom(net, 0),
    paramCount: paramCountFrom(net, 0),
    init: () => theta0Params.map((t) => tf.clone(t)),
    apply,
    penalty: () => null,
    // f_lin is affine in theta with Jacobian J(x, theta_0): the Hessian is J(theta_0)ᵀ (d²L/df²) J(theta_0), the
    // loss's curvature taken at f_lin, which the Gauss-Newton product of the network at theta_0 gives exactly.
    curvature(params, x, loss) {
      const trace = forwardTrace(net, theta0, x);
      return networkHessian(net, theta0, trace, loss(apply(params, x)), 0, true);
    },
    // ∂f_lin/∂theta = J(x, theta_0) wherever theta is: the kernel is the MLP's at theta_0, constant in training.
    ntk: (_params, x, x2) => structuredNtk(net, theta0, x, 0, x2),
    // f_lin is affine in theta, so its first-order expansion around any point is itself.
    applyLinearized: (_theta0, params, x) => apply(params, x),
    dispose: () => {
      tf.dispose(theta0Params);
      disposeStructure(net);
    },
  };
}

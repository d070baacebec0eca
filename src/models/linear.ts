// The linear model f(x) = x W + b for a cohort of runs, and its ridge variant (SPEC §4).
import * as tf from '@tensorflow/tfjs';
import type { LinearModel, RidgeModel } from '../config/types.js';
import { disposePerRun, perRunValue } from '../lib/perRunValue.js';
import { Rng } from '../lib/rng.js';
import { cohortMatMul, cohortWeightGradient, gram } from './cohortMatMul.js';
import { denseParamCount } from './parameterCount.js';
import type { CohortModel } from './types.js';

/**
 * Builds K linear (or ridge) models with d inputs and o outputs, one per run.
 * Params: W [K, d, o], b [K, o]. `init: zeros` (the default) starts at W = 0, b = 0;
 * `init: normal` draws W ~ N(0, 1/fan_in) from the run's seed (stream "init"), b = 0.
 * Ridge adds the penalty lambda ||W||_F^2 (bias not penalised) to the objective.
 */
export function buildLinearModel(configs: (LinearModel | RidgeModel)[], seeds: number[], dim: number, outputs: number): CohortModel {
  const K = configs.length;
  const lambdas = configs.map((c) => (c.kind === 'ridge' ? c.lambda : 0));
  const lambda = configs[0].kind === 'ridge' ? perRunValue(lambdas) : null;
  // d(lambda ||W||^2)/dW = 2 lambda W, per run.
  const twoLambda = configs[0].kind === 'ridge' ? perRunValue(lambdas.map((l) => 2 * l), 3) : null;
  const apply: CohortModel['apply'] = ([W, b], x) =>
    // x [K, B, d] @ W [K, d, o], or x [B, d] shared by every run's W; x is data, so only W gets a gradient.
    tf.add(cohortMatMul(x, W as tf.Tensor3D, 'right'), tf.expandDims(b, 1)) as tf.Tensor3D;
  return {
    paramNames: ['W', 'b'],
    paramCount: denseParamCount([dim, outputs], true),
    init() {
      const w = new Float32Array(K * dim * outputs);
      configs.forEach((c, k) => {
        if (c.init === 'zeros') return;
        const draws = new Rng(seeds[k], 'init').normals(dim * outputs, 1 / Math.sqrt(dim));
        w.set(draws, k * dim * outputs);
      });
      return [tf.tensor3d(w, [K, dim, outputs]), tf.zeros([K, outputs])];
    },
    apply,
    penalty([W]) {
      if (lambda === null) return null;
      return tf.mul(lambda, tf.sum(tf.square(W), [1, 2])) as tf.Tensor1D;
    },
    // f = x W + b: dW = xᵀ df (+ 2 lambda W for ridge), db = sum over examples of df.
    forwardBackward: (params, x) => ({
      output: apply(params, x),
      gradients(dOutput) {
        const dW = cohortWeightGradient(x, dOutput);
        return [twoLambda === null ? dW : tf.add(dW, tf.mul(twoLambda, params[0])), tf.sum(dOutput, 1)];
      },
    }),
    // f = x W + b is linear in (W, b): H v = Jᵀ (d²L/df²) J v (+ 2 lambda V_W for ridge), with J v = x V_W + c.
    curvature(params, x, loss) {
      const { curvature } = loss(apply(params, x));
      return {
        product([VW, c]) {
          const u = curvature(apply([VW, c], x));
          const dW = cohortWeightGradient(x, u);
          return [twoLambda === null ? dW : tf.add(dW, tf.mul(twoLambda, VW)), tf.sum(u, 1)];
        },
      };
    },
    // ∂f_k/∂W[i, k'] = x_i [k = k'] and ∂f_k/∂b_k' = [k = k']: each output's kernel is x·x' + 1, whatever
    // the parameters, so the trace over outputs divided by o is x·x' + 1 for every run (and J(x) J(x')ᵀ is
    // exactly (x·x' + 1) ⊗ I_o).
    ntk: (_params, x, x2 = x) => tf.tidy(() => tf.tile(tf.expandDims(tf.add(gram(x, x2), 1), 0), [K, 1, 1]) as tf.Tensor3D),
    // The model is linear in (W, b): its first-order expansion is itself.
    applyLinearized: (_theta0, params, x) => apply(params, x),
    dispose() {
      if (lambda !== null) disposePerRun(lambda);
      if (twoLambda !== null) disposePerRun(twoLambda);
    },
  };
}

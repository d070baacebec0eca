// Shared test support for the optimizers: configs with SPEC §4 defaults, a trainer-like update loop,
// and a float32-precision comparison.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { OptimizerConfig, OptimizerKind } from '../../src/config/types.js';
import type { OptState, Optimizer, ProblemInfo } from '../../src/optim/types.js';

/** A problem without a design matrix, for every optimizer but precond-gd. */
export const NO_DESIGN: ProblemInfo = { xTrain: new Float32Array(0), nTrain: 0, dim: 0, modelKind: 'mlp' };

/** A full config of `kind` with SPEC §4's defaults, overridden by `fields`. */
export function optimizerConfig(kind: OptimizerKind, fields: Record<string, number | boolean> = {}): OptimizerConfig {
  const defaults: Record<OptimizerKind, Record<string, number | boolean>> = {
    sgd: {},
    gd: {},
    momentum: { momentum: 0.9, dampening: 0 },
    nesterov: { momentum: 0.9, dampening: 0 },
    signsgd: {},
    rmsprop: { alpha: 0.99, eps: 1e-8 },
    adagrad: { eps: 1e-10, initial_accumulator: 0 },
    adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: true },
    adamw: { beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: true, weight_decay: 0.01 },
    lion: { beta1: 0.9, beta2: 0.99 },
    'precond-gd': { delta: 1e-8 },
  };
  return { kind, name: kind, lr: 0.01, weight_decay: 0, ...defaults[kind], ...fields } as OptimizerConfig;
}

/** Gradients of the current parameters at update t (created inside the step's tf.tidy). */
export type GradientOf = (params: tf.Tensor[], t: number) => tf.Tensor[];

/**
 * Runs `steps` updates as the trainer does (each inside tf.tidy, the previous parameters and state
 * disposed) and returns every parameter tensor's values after each update: [step][param] (step 0 = init).
 * Disposes everything it created except the optimizer, which the caller owns.
 */
export function runUpdates(optimizer: Optimizer, initial: tf.Tensor[], steps: number, gradientOf: GradientOf, lr: number[]): Float32Array[][] {
  let params = initial.map((p) => tf.clone(p));
  let state: OptState = optimizer.init(params);
  const trajectory = [params.map((p) => p.dataSync() as Float32Array)];
  for (let t = 1; t <= steps; t++) {
    const next = tf.tidy(() => {
      const result = optimizer.update(gradientOf(params, t), state, params, { count: t, lr });
      return { params: params.map((p, i) => tf.add(p, result.updates[i])), state: result.state };
    });
    tf.dispose([params, state]);
    params = next.params;
    state = next.state;
    trajectory.push(params.map((p) => p.dataSync() as Float32Array));
  }
  tf.dispose([params, state]);
  return trajectory;
}

/** Expects |actual - expected| <= tolerance (1 + |expected|) elementwise, naming the first mismatch. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= tolerance * (1 + Math.abs(expected[i])))) {
      expect.fail(`${label}[${i}]: got ${actual[i]}, expected ${expected[i]} (error ${error.toExponential(2)}, tolerance ${tolerance})`);
    }
  }
}

// Optimizer.preconditioner: the diagonal P an adaptive optimizer divides by, read from its state, against the
// moments derived by hand from two known gradients g1, g2 (two runs with different hyperparameters):
//   adam: v = (1 − β2)(β2 g1² + g2²), P = sqrt(v / (1 − β2²)) + eps (bias-corrected) or sqrt(v) + eps;
//   rmsprop: v the same average with alpha, P = sqrt(v) + eps; adagrad: s = s0 + g1² + g2², P = sqrt(s) + eps.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { OptimizerConfig } from '../../src/config/types.js';
import { buildOptimizer } from '../../src/optim/build.js';
import type { OptState } from '../../src/optim/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { expectClose, NO_DESIGN, optimizerConfig } from './support.js';

const g1 = [0.5, -2, 0.01];
const g2 = [-1, 1.5, 0.02];

/** Run k's P after two updates with gradients g1 then g2 (the same for both runs), from the state; null when none. */
function preconditionerAfter(configs: OptimizerConfig[], updates: number): number[][] | null {
  const optimizer = buildOptimizer(configs, NO_DESIGN);
  const K = configs.length;
  const params = [tf.zeros([K, 3])];
  let state: OptState = optimizer.init(params);
  for (let t = 1; t <= updates; t++) {
    const next = tf.tidy(() => optimizer.update([tf.tensor2d(new Array(K).fill(t === 1 ? g1 : g2))], state, params, { count: t, lr: configs.map((c) => c.lr) }).state);
    tf.dispose(state as tf.Tensor[]);
    state = next;
  }
  const P = tf.tidy(() => optimizer.preconditioner(state, updates) ?? []);
  const values = P.length === 0 ? null : Array.from({ length: K }, (_, k) => Array.from(P[0].dataSync().slice(3 * k, 3 * (k + 1))));
  tf.dispose([P, state as tf.Tensor[], params]);
  optimizer.dispose();
  return values;
}

describeEachBackend('Optimizer.preconditioner', () => {
  it('is sqrt(v^) + eps for adam and adamw, bias-corrected or not, per run', () => {
    for (const kind of ['adam', 'adamw'] as const) {
      for (const correction of [true, false]) {
        const configs = [optimizerConfig(kind, { beta2: 0.9, eps: 1e-3, bias_correction: correction }), optimizerConfig(kind, { beta2: 0.5, eps: 0.1, bias_correction: correction })];
        const P = preconditionerAfter(configs, 2)!;
        [[0.9, 1e-3], [0.5, 0.1]].forEach(([b2, eps], k) => {
          const expected = g1.map((a, i) => {
            const v = (1 - b2) * (b2 * a * a + g2[i] * g2[i]);
            return Math.sqrt(correction ? v / (1 - b2 * b2) : v) + eps;
          });
          expectClose(P[k], expected, 1e-6, `${kind} bias_correction ${correction} run ${k}`);
        });
      }
    }
  });

  it('is sqrt(v) + eps for rmsprop and sqrt(s) + eps for adagrad', () => {
    const rms = preconditionerAfter([optimizerConfig('rmsprop', { alpha: 0.8, eps: 1e-2 })], 2)!;
    expectClose(rms[0], g1.map((a, i) => Math.sqrt(0.2 * (0.8 * a * a + g2[i] * g2[i])) + 1e-2), 1e-6, 'rmsprop');
    const ada = preconditionerAfter([optimizerConfig('adagrad', { initial_accumulator: 0.3, eps: 1e-2 })], 2)!;
    expectClose(ada[0], g1.map((a, i) => Math.sqrt(0.3 + a * a + g2[i] * g2[i]) + 1e-2), 1e-6, 'adagrad');
  });

  it('is null before the first update and for optimizers without a diagonal preconditioner', () => {
    expect(preconditionerAfter([optimizerConfig('adam')], 0)).toBeNull();
    expect(preconditionerAfter([optimizerConfig('adagrad')], 0)).toBeNull();
    for (const kind of ['sgd', 'momentum', 'nesterov', 'signsgd', 'lion'] as const) expect(preconditionerAfter([optimizerConfig(kind)], 2), kind).toBeNull();
  });
});

// buildOptimizer's contract beyond the maths: state sizes, cohort checks, lr taken from the step
// context, and no tensor leaks over many updates.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { OptimizerKind } from '../../src/config/types.js';
import { buildOptimizer } from '../../src/optim/build.js';
import type { OptState, ProblemInfo } from '../../src/optim/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { NO_DESIGN, expectClose, optimizerConfig, runUpdates } from './support.js';

const LINEAR: ProblemInfo = { xTrain: Float32Array.from([1, 0, 0, 1, 1, 1, 2, -1]), nTrain: 4, dim: 2, modelKind: 'linear' };

// Floats of optimizer state per model parameter (SPEC §4); precond-gd's is checked in precondGd.test.ts.
const STATE_FLOATS: [OptimizerKind, number][] = [
  ['sgd', 0],
  ['gd', 0],
  ['signsgd', 0],
  ['momentum', 1],
  ['nesterov', 1],
  ['rmsprop', 1],
  ['adagrad', 1],
  ['lion', 1],
  ['adam', 2],
  ['adamw', 2],
];
const ALL_KINDS: OptimizerKind[] = [...STATE_FLOATS.map(([kind]) => kind), 'precond-gd'];

describeEachBackend('buildOptimizer', () => {
  it('states its memory in floats per parameter', () => {
    for (const [kind, floats] of STATE_FLOATS) {
      const optimizer = buildOptimizer([optimizerConfig(kind)], NO_DESIGN);
      expect(optimizer.stateFloatsPerParam, kind).toBe(floats);
      optimizer.dispose();
    }
  });

  it('rejects a cohort of mixed kinds or mixed bias_correction', () => {
    expect(() => buildOptimizer([optimizerConfig('adam'), optimizerConfig('adamw')], NO_DESIGN)).toThrow(/one optimizer kind/);
    expect(() =>
      buildOptimizer([optimizerConfig('adam'), optimizerConfig('adam', { bias_correction: false })], NO_DESIGN),
    ).toThrow(/bias_correction/);
    expect(() => buildOptimizer([], NO_DESIGN)).toThrow(/at least one run/);
  });

  it('uses the scheduled lr of the step context, not config.lr', () => {
    // config.lr = 0.5 is ignored; ctx.lr = [0.1, 0.2]: p1 = p0 - lr g with g = [1, -2] for both runs.
    const optimizer = buildOptimizer([optimizerConfig('sgd', { lr: 0.5 }), optimizerConfig('sgd', { lr: 0.5 })], NO_DESIGN);
    const trajectory = runUpdates(optimizer, [tf.zeros([2, 2])], 1, () => [tf.tensor2d([[1, -2], [1, -2]])], [0.1, 0.2]);
    optimizer.dispose();
    expectClose(trajectory[1][0], [-0.1, 0.2, -0.2, 0.4], 1e-7, 'p1');
  });

  it('leaks no tensor over many updates when the caller disposes the previous state', () => {
    for (const kind of ALL_KINDS) {
      const before = tf.memory().numTensors;
      const problem = kind === 'precond-gd' ? LINEAR : NO_DESIGN;
      const optimizer = buildOptimizer([optimizerConfig(kind, { weight_decay: 0.1 }), optimizerConfig(kind, { weight_decay: 0 })], problem);
      const lr = [0.01, 0.02];
      let params = [tf.ones([2, 2, 3]), tf.ones([2, 3])];
      let state: OptState = optimizer.init(params);
      const afterInit = tf.memory().numTensors;
      for (let t = 1; t <= 25; t++) {
        const next = tf.tidy(() => {
          const grads = params.map((p) => tf.sub(p, 0.5));
          const result = optimizer.update(grads, state, params, { count: t, lr });
          return { params: params.map((p, i) => tf.add(p, result.updates[i])), state: result.state };
        });
        tf.dispose([params, state]);
        params = next.params;
        state = next.state;
        expect(tf.memory().numTensors, `${kind} after update ${t}`).toBe(afterInit);
      }
      tf.dispose([params, state]);
      optimizer.dispose();
      expect(tf.memory().numTensors, `${kind} after dispose`).toBe(before);
    }
  });
});

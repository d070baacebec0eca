// Checks that buildModel dispatches every kind with the right parameters, refuses mixed cohorts, and
// that no model leaks tensors.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { ModelConfig } from '../../src/config/types.js';
import { buildModel } from '../../src/models/build.js';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, moved, networkConfig, normalTensor, shapeOnly } from './support.js';

// d = 3 inputs, hidden [4], o = 2 outputs; the cohort's second run is `config` too unless `second` is given.
const kinds: { label: string; config: ModelConfig; second?: ModelConfig; names: string[]; count: number }[] = [
  { label: 'linear', config: { kind: 'linear', init: 'zeros' }, names: ['W', 'b'], count: 3 * 2 + 2 },
  { label: 'ridge', config: { kind: 'ridge', init: 'normal', lambda: 0.1 }, names: ['W', 'b'], count: 3 * 2 + 2 },
  { label: 'mlp', config: networkConfig('mlp', { hidden: [4] }), names: ['W0', 'b0', 'W1', 'b1'], count: 3 * 4 + 4 + 4 * 2 + 2 },
  { label: 'mlp without bias', config: networkConfig('mlp', { hidden: [4], bias: false }), names: ['W0', 'W1'], count: 3 * 4 + 4 * 2 },
  { label: 'linearized', config: networkConfig('linearized', { hidden: [4] }), names: ['W0', 'b0', 'W1', 'b1'], count: 3 * 4 + 4 + 4 * 2 + 2 },
  { label: 'linear-probe', config: networkConfig('linear-probe', { hidden: [4] }), names: ['W1', 'b1'], count: 4 * 2 + 2 },
  { label: 'centered mlp', config: networkConfig('mlp', { hidden: [4], center: true }), names: ['W0', 'b0', 'W1', 'b1'], count: 3 * 4 + 4 + 4 * 2 + 2 },
  {
    label: 'mlp, one run centered and one not',
    config: networkConfig('mlp', { hidden: [4], center: true, output_scale: 2 }),
    second: networkConfig('mlp', { hidden: [4] }),
    names: ['W0', 'b0', 'W1', 'b1'],
    count: 3 * 4 + 4 + 4 * 2 + 2,
  },
  { label: 'centered linearized', config: networkConfig('linearized', { hidden: [4], center: true }), names: ['W0', 'b0', 'W1', 'b1'], count: 3 * 4 + 4 + 4 * 2 + 2 },
  { label: 'centered linear-probe', config: networkConfig('linear-probe', { hidden: [4], center: true }), names: ['W1', 'b1'], count: 4 * 2 + 2 },
];

describeEachBackend('buildModel', () => {
  it.each(kinds)('$label: params $names, $count per run, no leaks', ({ config, second, names, count }) => {
    const x = normalTensor([5, 3], 51) as tf.Tensor2D;
    const perRun = normalTensor([2, 5, 3], 52);
    const before = tf.memory().numTensors;
    const model = cohortOf([config, second ?? config], 3, 2);
    expect(model.paramNames).toEqual(names);
    expect(model.paramCount).toBe(count);
    const theta0 = model.init();
    expect(theta0.map((p) => p.shape[0])).toEqual(names.map(() => 2));
    expect(theta0.reduce((n, p) => n + p.size / 2, 0)).toBe(count);
    const params = moved(theta0, 53, 0.1);
    const held = tf.memory().numTensors;
    tf.tidy(() => {
      expect(model.apply(params, x).shape).toEqual([2, 5, 2]);
      expect(model.apply(params, perRun).shape).toEqual([2, 5, 2]);
      expect(model.applyLinearized(theta0, params, x).shape).toEqual([2, 5, 2]);
      expect(model.ntk(params, x).shape).toEqual([2, 5, 5]);
      model.penalty(params);
      // The gradient of a loss through the model (as the trainer takes it) leaves nothing behind either.
      tf.grads((...ps: tf.Tensor[]) => tf.sum(model.apply(ps, perRun)))(params);
    });
    expect(tf.memory().numTensors).toBe(held);
    // ntk tidies its own intermediates: only the kernel is left.
    const kernel = model.ntk(params, x);
    expect(tf.memory().numTensors).toBe(held + 1);
    tf.dispose([kernel, theta0, params]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, perRun]);
  });

  it('refuses cohorts that mix kinds or network shapes', () => {
    const data = shapeOnly(3, 2);
    expect(() => buildModel([networkConfig('mlp'), networkConfig('linearized')], [0, 1], data)).toThrow(/model kind/);
    expect(() => buildModel([networkConfig('mlp'), networkConfig('mlp', { hidden: [6] })], [0, 1], data)).toThrow(/hidden/);
    expect(() => buildModel([networkConfig('mlp'), networkConfig('mlp', { activation: 'tanh' })], [0, 1], data)).toThrow(/activation/);
    expect(() => buildModel([networkConfig('mlp')], [0, 1], data)).toThrow(/seeds/);
  });
});

// Checks the linear probe: only the last layer is trainable, the others stay at the mlp's init of the
// same seed, and its output is the mlp's with that last layer.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, moved, networkConfig, normalTensor } from './support.js';

describeEachBackend('linear-probe', () => {
  it.each([true, false])('trains the last layer of the mlp of the same seeds (bias %s)', (bias) => {
    const settings = { hidden: [5, 4], activation: 'gelu' as const, bias };
    const mlp = cohortOf([networkConfig('mlp', settings), networkConfig('mlp', settings)], 3, 2);
    const probe = cohortOf([networkConfig('linear-probe', settings), networkConfig('linear-probe', settings)], 3, 2);
    // Layers 3 -> 5 -> 4 -> 2: the head is W2 [4, 2] (+ b2 [2]).
    expect(probe.paramNames).toEqual(bias ? ['W2', 'b2'] : ['W2']);
    expect(probe.paramCount).toBe(bias ? 4 * 2 + 2 : 4 * 2);
    expect(mlp.paramCount).toBe(bias ? 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2 : 3 * 5 + 5 * 4 + 4 * 2);

    const full = mlp.init();
    const head = probe.init();
    const headLength = bias ? 2 : 1;
    head.forEach((p, i) => expect(p.dataSync()).toEqual(full[full.length - headLength + i].dataSync()));

    const movedHead = moved(head, 31, 0.4);
    const x = normalTensor([6, 3], 32) as tf.Tensor2D;
    const fromProbe = tf.tidy(() => probe.apply(movedHead, x));
    const fromMlp = tf.tidy(() => mlp.apply([...full.slice(0, full.length - headLength), ...movedHead], x));
    expect(fromProbe.dataSync()).toEqual(fromMlp.dataSync());
    // Affine in the head: the first-order expansion is the model itself.
    const linearized = tf.tidy(() => probe.applyLinearized(head, movedHead, x));
    expect(linearized.dataSync()).toEqual(fromProbe.dataSync());
    expect(probe.penalty(movedHead)).toBeNull();

    tf.dispose([full, head, movedHead, x, fromProbe, fromMlp, linearized]);
    mlp.dispose();
    probe.dispose();
  });
});

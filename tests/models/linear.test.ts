// Checks the linear model's NTK against hand-computed values and its linearization (itself).
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, moved } from './support.js';

describeEachBackend('linear model NTK', () => {
  it('is x·x\' + 1 for every run, whatever the parameters and the number of outputs', () => {
    // x1 = [1, 2], x2 = [3, -1]: x1·x1 + 1 = 6, x1·x2 + 1 = 3 - 2 + 1 = 2, x2·x2 + 1 = 9 + 1 + 1 = 11.
    const model = cohortOf([{ kind: 'ridge', init: 'normal', lambda: 0.1 }, { kind: 'ridge', init: 'zeros', lambda: 1 }], 2, 3);
    const x = tf.tensor2d([[1, 2], [3, -1]]);
    const theta0 = model.init();
    const params = moved(theta0, 41, 1);
    const kernel = tf.tidy(() => model.ntk(params, x));
    expect(kernel.shape).toEqual([2, 2, 2]);
    expect(Array.from(kernel.dataSync())).toEqual([6, 2, 2, 11, 6, 2, 2, 11]);
    const f = tf.tidy(() => model.apply(params, x));
    const linearized = tf.tidy(() => model.applyLinearized(theta0, params, x));
    expect(linearized.dataSync()).toEqual(f.dataSync());
    tf.dispose([x, theta0, params, kernel, f, linearized]);
    model.dispose();
  });
});

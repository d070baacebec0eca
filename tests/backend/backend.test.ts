import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.js';

describeEachBackend('backend', (backend) => {
  it('is active and computes', () => {
    expect(tf.getBackend()).toBe(backend);
    // [[1,2],[3,4]] x [1,1]^T = [3, 7]
    const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [1]]));
    expect(Array.from(y.dataSync())).toEqual([3, 7]);
  });
});

// Accuracy on hand-made outputs: the share of examples whose largest output is the true class.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { accuracyPerRun } from '../../src/train/accuracy.js';
import { describeEachBackend } from '../helpers/backends.js';

// Four examples of three classes, labels 0, 2, 1, 1.
const targets = [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 0]];

describeEachBackend('accuracyPerRun', () => {
  it('counts argmax agreements per run, with targets shared by the runs', () => {
    const f = [
      // argmax 0, 2, 1, 0: three right → 0.75
      [[3, 1, 2], [0, 1, 5], [-1, 2, 0], [4, 3, 3]],
      // argmax 1, 0, 2, 1: one right → 0.25
      [[0, 9, 1], [2, 1, 1], [0, 0, 1], [-5, -1, -2]],
    ];
    const acc = tf.tidy(() => accuracyPerRun(tf.tensor3d(f), tf.tensor2d(targets)).arraySync());
    expect(acc).toEqual([0.75, 0.25]);
  });

  it('takes per-run targets, and gives ties to the lowest class', () => {
    // Run 0 outputs are all equal: every prediction is class 0. Labels 0, 2, 1, 1 → 1/4.
    // Run 1 predicts 2, 2, 2, 2 against its own labels 2, 2, 0, 2 → 3/4.
    const f = [
      [[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]],
      [[0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 0, 1]],
    ];
    const perRun = [targets, [[0, 0, 1], [0, 0, 1], [1, 0, 0], [0, 0, 1]]];
    const acc = tf.tidy(() => accuracyPerRun(tf.tensor3d(f), tf.tensor3d(perRun)).arraySync());
    expect(acc).toEqual([0.25, 0.75]);
  });

  it('leaves no tensor behind but its result', () => {
    const f = tf.tensor3d([[[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]]);
    const y = tf.tensor2d(targets);
    const before = tf.memory().numTensors;
    const acc = accuracyPerRun(f, y);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([f, y, acc]);
  });
});

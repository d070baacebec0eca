// Data losses per run (SPEC §4) and the target matrix they compare outputs against: each run's loss
// is a mean over its own examples, so summing the K runs' losses gives every run exactly its own gradient.
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import type { OutputDerivatives } from '../models/types.js';

/**
 * Loss of each run, [K].
 * @param f outputs [K, B, o]
 * @param y targets [K, B, o] (per-run batches) or [B, o] (shared by every run); for classification
 *          the one-hot rows of targetMatrix
 */
export function lossPerRun(kind: LossKind, f: tf.Tensor3D, y: tf.Tensor): tf.Tensor1D {
  switch (kind) {
    case 'mse':
      // mean over examples and outputs of (f - y)^2, no 1/2.
      return tf.mean(tf.squaredDifference(f, y), [1, 2]) as tf.Tensor1D;
    case 'cross-entropy':
      // mean over examples of -sum_c y_c log softmax(f)_c, which for one-hot y is torch's
      // CrossEntropyLoss with integer labels; logSoftmax subtracts the row max, so large logits stay finite.
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(f)), 2), 1)) as tf.Tensor1D;
  }
}

/**
 * Loss of each run [K] and its gradient dL/df [K, B, o] of the summed loss sum_k L_k (each run's loss
 * depends on its own outputs only), written by hand for the training step's hand-written backward pass.
 * mse: L = mean (f - y)^2 over B examples and o outputs, so dL/df = 2 (f - y) / (B o).
 * cross-entropy: L = -(1/B) sum_b sum_c y log softmax(f), so dL/df = (softmax(f) - y) / B for one-hot rows
 * y (which targetMatrix gives: each row sums to 1).
 */
export function lossAndOutputGradient(kind: LossKind, f: tf.Tensor3D, y: tf.Tensor): { loss: tf.Tensor1D; dOutput: tf.Tensor3D } {
  const [, B, o] = f.shape;
  switch (kind) {
    case 'mse': {
      const residual = tf.sub(f, y);
      return { loss: tf.mean(tf.square(residual), [1, 2]) as tf.Tensor1D, dOutput: tf.mul(residual, 2 / (B * o)) };
    }
    case 'cross-entropy': {
      const logProbabilities = tf.logSoftmax(f);
      const loss = tf.neg(tf.mean(tf.sum(tf.mul(y, logProbabilities), 2), 1)) as tf.Tensor1D;
      return { loss, dOutput: tf.mul(tf.sub(tf.exp(logProbabilities), y), 1 / B) };
    }
  }
}

/**
 * The targets the loss compares outputs against, row-major: regression [n, outputs] (y as it is);
 * classification [n, classes], row i one-hot at label y_i. Built once per dataset and uploaded.
 */
export function targetMatrix(data: Dataset, split: 'train' | 'test'): Float32Array {
  const y = split === 'train' ? data.yTrain : data.yTest;
  if (data.task === 'regression') return y;
  const classes = data.outputs;
  const oneHot = new Float32Array(y.length * classes);
  y.forEach((label, i) => {
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new RangeError(`${split} label ${i} is ${label}: expected an integer in [0, ${classes})`);
    }
    oneHot[i * classes + label] = 1;
  });
  return oneHot;
}

/**
 * The gradient and the Hessian-times-vector of the summed loss w.r.t. the outputs f [K, B, o].
 * mse: L = mean (f - y)^2 over B examples and o outputs, so d²L/df² = 2 I / (B o).
 * cross-entropy: L = -(1/B) sum_b y_b · log softmax(f_b), so per example d²L/df_b² = (diag(p_b) - p_b p_bᵀ) / B with
 * p = softmax(f), and u_b maps to (p_b ⊙ u_b - p_b (p_b · u_b)) / B.
 */
export function outputDerivatives(kind: LossKind, f: tf.Tensor3D, y: tf.Tensor): OutputDerivatives {
  const [, B, o] = f.shape;
  const gradient = lossAndOutputGradient(kind, f, y).dOutput;
  switch (kind) {
    case 'mse':
      return { gradient, curvature: (u) => tf.mul(u, 2 / (B * o)) };
    case 'cross-entropy': {
      const p = tf.softmax(f);
      return {
        gradient,
        curvature: (u) => tf.mul(tf.sub(tf.mul(p, u), tf.mul(p, tf.sum(tf.mul(p, u), 2, true))), 1 / B) as tf.Tensor3D,
      };
    }
  }
}

// The per-run training objective: data loss on a batch plus the model's explicit penalty (ridge).
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../config/types.js';
import type { CohortModel } from '../models/types.js';
import { lossAndOutputGradient, lossPerRun } from './loss.js';

/** Data loss and objective of each run, [K] each, at `params` on inputs x with targets y. */
export function objectivePerRun(
  model: CohortModel,
  loss: LossKind,
  params: tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor,
): { loss: tf.Tensor1D; objective: tf.Tensor1D } {
  const dataLoss = lossPerRun(loss, model.apply(params, x), y);
  const penalty = model.penalty(params);
  return { loss: dataLoss, objective: penalty === null ? dataLoss : tf.add(dataLoss, penalty) };
}

/** Euclidean norm of each run's slice of a parameter list, [K]: sqrt(sum over every parameter of p^2). */
export function normPerRun(tensors: tf.Tensor[]): tf.Tensor1D {
  const squares = tensors.map((t) => tf.sum(tf.square(t), t.shape.slice(1).map((_, i) => i + 1)));
  return tf.sqrt(tf.addN(squares)) as tf.Tensor1D;
}

/**
 * Each run's loss and objective at `params`, and the gradient of the summed objective, which is each
 * run's own gradient because no operation mixes runs. A model with a hand-written backward pass is
 * differentiated by it (no autodiff tape); the others by tfjs autodiff. Call inside a tf.tidy.
 */
export function objectiveAndGrads(
  model: CohortModel,
  loss: LossKind,
  params: tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor,
): { loss: tf.Tensor1D; objective: tf.Tensor1D; grads: tf.Tensor[] } {
  if (model.forwardBackward === undefined) return autodiffObjectiveAndGrads(model, loss, params, x, y);
  const pass = model.forwardBackward(params, x);
  const data = lossAndOutputGradient(loss, pass.output, y);
  const penalty = model.penalty(params);
  return { loss: data.loss, objective: penalty === null ? data.loss : tf.add(data.loss, penalty), grads: pass.gradients(data.dOutput) };
}

/** objectiveAndGrads by tfjs autodiff through model.apply and the loss. */
export function autodiffObjectiveAndGrads(
  model: CohortModel,
  loss: LossKind,
  params: tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor,
): { loss: tf.Tensor1D; objective: tf.Tensor1D; grads: tf.Tensor[] } {
  const K = params[0].shape[0];
  // f returns [loss; objective] as [2, K]; the seed dy = [0; 1] back-propagates the objective only.
  const seed = tf.stack([tf.zeros([K]), tf.ones([K])]);
  const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => {
    const perRun = objectivePerRun(model, loss, ps, x, y);
    return tf.stack([perRun.loss, perRun.objective]);
  })(params, seed);
  const [dataLoss, objective] = tf.unstack(value) as tf.Tensor1D[];
  return { loss: dataLoss, objective, grads };
}

// Preconditioning of the linear model's gradient by a fixed per-run matrix P [K, d+1, d+1]:
// the weights and bias are stacked as G = [gW; gb] in [K, d+1, o] (the bias is the weight of the
// ones column of X~ = [X, 1]) and the direction is P G, split back into [W, b].
import * as tf from '@tensorflow/tfjs';
import type { EmptyState } from '../stateless.js';
import type { GradientTransformation, OptState } from '../types.js';

/** Throws unless params are the linear model's [W [K,d,o], b [K,o]] matching P [K, d+1, d+1]. */
function checkLinearLayout(params: tf.Tensor[], preconditioner: tf.Tensor3D): void {
  const [runs, size] = preconditioner.shape;
  const [weights, bias] = params;
  const matches =
    params.length === 2 &&
    weights.rank === 3 &&
    bias.rank === 2 &&
    weights.shape[0] === runs &&
    weights.shape[1] === size - 1 &&
    bias.shape[0] === runs &&
    bias.shape[1] === weights.shape[2];
  if (!matches) {
    const shapes = params.map((p) => `[${p.shape.join(',')}]`).join(', ');
    throw new Error(`precond-gd needs params [W [${runs},${size - 1},o], b [${runs},o]], got ${shapes}`);
  }
}

/** u = P [uW; ub] for params [W [K,d,o], b [K,o]]; `preconditioner` is owned by the caller. */
export function precondition(preconditioner: tf.Tensor3D): GradientTransformation {
  return {
    init(params: tf.Tensor[]): EmptyState {
      checkLinearLayout(params, preconditioner);
      return {};
    },
    update(grads: tf.Tensor[], state: OptState) {
      const [weights, bias] = grads;
      const [runs, dim, outputs] = weights.shape;
      const stacked = tf.concat([weights, tf.reshape(bias, [runs, 1, outputs])], 1);
      const direction = tf.matMul(preconditioner, stacked);
      const updates = [
        tf.slice(direction, [0, 0, 0], [runs, dim, outputs]),
        tf.reshape(tf.slice(direction, [0, dim, 0], [runs, 1, outputs]), [runs, outputs]),
      ];
      return { updates, state };
    },
  };
}

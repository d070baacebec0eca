// A 2-D matrix product whose gradient is computed with explicit transposes and untransposed 2-D products.
// tfjs's own gradient of matMul multiplies by transposed operands (dY Bᵀ, Aᵀ dY), and the wasm backend
// sends a product to XNNPACK only when it is untransposed and unbatched: every other product runs in a
// scalar loop about ten times slower (docs/performance.md has the measurements).
import * as tf from '@tensorflow/tfjs';

/**
 * Which operands of a product receive a gradient. An operand left out is a constant to autodiff (a
 * network's input data, or parameters held fixed): no gradient reaches it and none is computed for it.
 */
export type GradientsFor = 'both' | 'left' | 'right';

/**
 * Y = A B for A [m, k] and B [k, n]. Backward, by the chain rule for Y = A B: dA = dY Bᵀ and dB = Aᵀ dY,
 * each an explicit tf.transpose followed by a plain product. Passing a differentiated operand as a
 * constant (`gradientsFor` without it) silently drops its gradient: callers state which operands carry one.
 */
export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D, gradientsFor: GradientsFor = 'both'): tf.Tensor2D {
  // The backward pass reads the operands through `save`: tensors made inside a differentiated function
  // (a reshaped view of W, say) are released when its forward pass ends, unless saved for the backward.
  const leftGrad = (dy: tf.Tensor, right: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, tf.transpose(right as tf.Tensor2D));
  const rightGrad = (dy: tf.Tensor, left: tf.Tensor) => tf.matMul(tf.transpose(left as tf.Tensor2D), dy as tf.Tensor2D);
  const product = (save: tf.GradSaveFunc): tf.Tensor2D => {
    save([a, b]);
    return tf.matMul(a, b);
  };
  switch (gradientsFor) {
    case 'both':
      return tf.customGrad<tf.Tensor2D>((_a, _b, save) => ({
        value: product(save as tf.GradSaveFunc),
        gradFunc: (dy, [left, right]) => [leftGrad(dy, right), rightGrad(dy, left)],
      }))(a, b);
    case 'left':
      return tf.customGrad<tf.Tensor2D>((_a, save) => ({
        value: product(save as tf.GradSaveFunc),
        gradFunc: (dy, [, right]) => leftGrad(dy, right),
      }))(a);
    case 'right':
      return tf.customGrad<tf.Tensor2D>((_b, save) => ({
        value: product(save as tf.GradSaveFunc),
        gradFunc: (dy, [left]) => rightGrad(dy, left),
      }))(b);
  }
}

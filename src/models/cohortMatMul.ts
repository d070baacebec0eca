// The product of a cohort's layer inputs with its K runs' weight matrices, laid out per shape so that the
// work runs in fast untransposed 2-D kernels (src/lib/fastMatMul.ts) where that pays for its extra ops.
import * as tf from '@tensorflow/tfjs';
import { matMul2d, type GradientsFor } from '../lib/fastMatMul.js';

/**
 * How the K products h_k W_k are computed:
 * - `batched`: one tfjs batched product, differentiated by tfjs (its backward products are transposed);
 * - `per-run`: one 2-D product per run (a reshape when K = 1), K + 2 ops forward;
 * - `columns`: inputs shared by the runs times the runs' weights side by side, x [B, n] [W_1 ... W_K]
 *   [n, K m]: one 2-D product whatever K, for the price of transposing W.
 */
export type CohortLayout = 'batched' | 'per-run' | 'columns';

/**
 * Multiply-adds of one product from which a 2-D layout pays on wasm (measured in docs/performance.md): a
 * product of M multiply-adds is 2M flops, three times over with its two backward products, and the scalar
 * loop (~1.5 GFLOP/s) is slower than XNNPACK (~12 GFLOP/s) by more than the ~6 extra ops of a 2-D layout
 * (slices, transposes, ~8 µs each) cost once 6M (1/1.5e9 - 1/12e9) s > 6 x 8e-6 s, i.e. M > 1.4e4: 2^14.
 */
export const MIN_MULTIPLY_ADDS = 2 ** 14;

/**
 * The layout for K products of [B, n] inputs (shared by the runs or per run) with [n, m] weights on the
 * active backend. Only wasm has a fast path reserved for untransposed 2-D products; cpu runs every product
 * in the same loop (so reshuffling only adds ops), and native TensorFlow handles batches itself.
 */
export function chooseLayout(K: number, B: number, n: number, m: number, sharedInput: boolean): CohortLayout {
  if (tf.getBackend() !== 'wasm') return 'batched';
  if (sharedInput) return K * B * n * m >= MIN_MULTIPLY_ADDS ? 'columns' : 'batched';
  return B * n * m >= MIN_MULTIPLY_ADDS ? 'per-run' : 'batched';
}

/**
 * h W for each run: h [B, n] shared by the runs or [K, B, n] per run, W [K, n, m]; [K, B, m].
 * `gradientsFor` names the operands that carry a gradient (left: h, right: W); `layout` defaults to
 * chooseLayout's. Every layout gives the same values up to float32 rounding (summation order).
 */
export function cohortMatMul(
  h: tf.Tensor,
  W: tf.Tensor3D,
  gradientsFor: GradientsFor,
  layout: CohortLayout = layoutFor(h, W),
): tf.Tensor3D {
  const [K, n, m] = W.shape;
  const shared = h.rank === 2;
  const B = h.shape[shared ? 0 : 1] as number;
  if (layout === 'batched') {
    // tfjs's matMul gradient does not sum over a broadcast batch axis: a differentiated shared input is tiled.
    const input = shared && gradientsFor !== 'right' ? tf.tile(tf.expandDims(h, 0), [K, 1, 1]) : h;
    return tf.matMul(input as tf.Tensor3D, W);
  }
  if (K === 1) {
    const product = matMul2d(tf.reshape(h, [B, n]), tf.reshape(W, [n, m]), gradientsFor);
    return tf.reshape(product, [1, B, m]);
  }
  if (layout === 'columns') {
    if (!shared) throw new Error('cohortMatMul: the columns layout needs inputs shared by the runs ([B, n])');
    const side = tf.reshape(tf.transpose(W, [1, 0, 2]), [n, K * m]);
    const product = matMul2d(h as tf.Tensor2D, side as tf.Tensor2D, gradientsFor);
    return tf.transpose(tf.reshape(product, [B, K, m]), [1, 0, 2]);
  }
  const weights = tf.unstack(W) as tf.Tensor2D[];
  const inputs = shared ? weights.map(() => h as tf.Tensor2D) : (tf.unstack(h) as tf.Tensor2D[]);
  return tf.stack(inputs.map((input, k) => matMul2d(input, weights[k], gradientsFor))) as tf.Tensor3D;
}

/**
 * hᵀ g for each run, the gradient of h W w.r.t. W given g = d/d(h W): h [B, n] shared by the runs or
 * [K, B, n] per run, g [K, B, m]; [K, n, m]. Used by the hand-written backward passes, never differentiated.
 * `layout` defaults to chooseLayout's for the forward product h W; the 2-D layouts transpose h explicitly so
 * that the product itself is untransposed.
 */
export function cohortWeightGradient(
  h: tf.Tensor,
  g: tf.Tensor3D,
  layout: CohortLayout = chooseLayout(g.shape[0], g.shape[1], h.shape[h.rank - 1] as number, g.shape[2], h.rank === 2),
): tf.Tensor3D {
  const [K, B, m] = g.shape;
  const n = h.shape[h.rank - 1] as number;
  if (layout === 'batched') return tf.matMul(h as tf.Tensor3D, g, true, false);
  if (K === 1) return tf.reshape(tf.matMul(tf.transpose(tf.reshape(h, [B, n])), tf.reshape(g, [B, m])), [1, n, m]);
  if (layout === 'columns') {
    if (h.rank !== 2) throw new Error('cohortWeightGradient: the columns layout needs inputs shared by the runs ([B, n])');
    // hᵀ [g_1 ... g_K]: [n, B] [B, K m], then the K blocks of m columns back onto the run axis.
    const side = tf.reshape(tf.transpose(g, [1, 0, 2]), [B, K * m]);
    return tf.transpose(tf.reshape(tf.matMul(tf.transpose(h), side), [n, K, m]), [1, 0, 2]);
  }
  const gradients = tf.unstack(g) as tf.Tensor2D[];
  const inputsT = h.rank === 2 ? new Array<tf.Tensor>(K).fill(tf.transpose(h)) : tf.unstack(h).map((input) => tf.transpose(input));
  return tf.stack(gradients.map((gradient, k) => tf.matMul(inputsT[k], gradient))) as tf.Tensor3D;
}

/**
 * g Wᵀ for each run, the gradient of h W w.r.t. h given g = d/d(h W): g [K, B, m], W [K, n, m]; [K, B, n].
 * Used by the hand-written backward passes, never differentiated; `layout` ('batched' or 'per-run')
 * defaults to chooseLayout's for the forward product.
 */
export function cohortInputGradient(
  g: tf.Tensor3D,
  W: tf.Tensor3D,
  layout: CohortLayout = chooseLayout(g.shape[0], g.shape[1], W.shape[1], g.shape[2], false),
): tf.Tensor3D {
  const [K, B, m] = g.shape;
  const n = W.shape[1];
  if (layout === 'columns') throw new Error('cohortInputGradient: inputs per run have no columns layout');
  if (layout === 'batched') return tf.matMul(g, W, false, true);
  if (K === 1) return tf.reshape(tf.matMul(tf.reshape(g, [B, m]), tf.transpose(tf.reshape(W, [n, m]))), [1, B, n]);
  const weights = tf.unstack(W) as tf.Tensor2D[];
  return tf.stack((tf.unstack(g) as tf.Tensor2D[]).map((gradient, k) => tf.matMul(gradient, tf.transpose(weights[k])))) as tf.Tensor3D;
}

/** a bᵀ for each run: a [K, p, q] or shared [p, q], b [K, r, q]; [K, p, r]. For the NTK, never differentiated. */
export function cohortMatMulTransposed(a: tf.Tensor, b: tf.Tensor3D): tf.Tensor3D {
  const [K, r, q] = b.shape;
  const shared = a.rank === 2;
  const layout = chooseLayout(K, a.shape[shared ? 0 : 1] as number, q, r, shared);
  if (layout === 'batched') return tf.matMul(a as tf.Tensor3D, b, false, true);
  return cohortMatMul(a, tf.transpose(b, [0, 2, 1]), 'both', layout);
}

/**
 * x yᵀ for shared points x [P, d] and y [Q, d] (default x): [P, Q], in XNNPACK's untransposed product on wasm when
 * it pays. Never differentiated.
 */
export function gram(x: tf.Tensor2D, y: tf.Tensor2D = x): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm' || x.shape[0] * y.shape[0] * x.shape[1] < MIN_MULTIPLY_ADDS) return tf.matMul(x, y, false, true);
  return tf.matMul(x, tf.transpose(y));
}

function layoutFor(h: tf.Tensor, W: tf.Tensor3D): CohortLayout {
  const [K, n, m] = W.shape;
  const shared = h.rank === 2;
  return chooseLayout(K, h.shape[shared ? 0 : 1] as number, n, m, shared);
}

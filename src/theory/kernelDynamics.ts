// Training in function space (SPEC §6): the predictions of K runs of a linearized network, or of the
// infinite-width network, under mse and an optimizer whose update is linear in the gradient. With
// f_t = f_0 + Θ α_t (Θ the NTK on the training set), parameter-space descent θ ← θ − η Jᵀ ∂L/∂f moves f by
// −η Θ ∂L/∂f, so running the optimizer on α with gradient ∂L/∂f_train reproduces it exactly, momentum buffer
// and all (its buffer in θ is Jᵀ times the buffer in α). Lee et al. 2019, "Wide Neural Networks of Any Depth
// Evolve as Linear Models Under Gradient Descent", eq. (8)-(10), for gd; the same algebra holds for any linear
// update. Test predictions follow through Θ(test, train): f_test,t = f_test,0 + Θ(test, train) α_t.
import * as tf from '@tensorflow/tfjs';
import { FUNCTION_SPACE_OPTIMIZERS } from '../config/functionSpace.js';
import type { OptimizerConfig } from '../config/types.js';
import { buildOptimizer } from '../optim/build.js';
import type { OptState, Optimizer, StepContext } from '../optim/types.js';

/** The kernels, initial predictions and targets of K runs (none owned: the caller disposes them). */
export interface KernelDynamicsInput {
  /** Θ(train, train) per run [K, n, n]; it acts on each output alike (Θ ⊗ I_o, neural-tangents' trace_axes). */
  kTrain: tf.Tensor3D;
  /** Θ(test, train) per run [K, m, n]. */
  kTestTrain: tf.Tensor3D;
  /** f_0 on the training set [K, n, o] (zeros for the infinite-width network). */
  f0Train: tf.Tensor3D;
  /** f_0 on the test set [K, m, o]. */
  f0Test: tf.Tensor3D;
  /** Targets [n, o] and [m, o]. */
  yTrain: tf.Tensor2D;
  yTest: tf.Tensor2D;
  /** Each run's optimizer (FUNCTION_SPACE_OPTIMIZERS, weight_decay 0: see config/functionSpace.ts). */
  optimizers: OptimizerConfig[];
}

export class KernelDynamics {
  private readonly optimizer: Optimizer;
  /** α_t [K, n, o]: f_t = f_0 + Θ α_t. */
  private alpha: tf.Tensor3D;
  private optState: OptState;

  constructor(private readonly input: KernelDynamicsInput) {
    const [K, n] = input.kTrain.shape;
    const outputs = input.yTrain.shape[1];
    const refused = input.optimizers.find((o) => !FUNCTION_SPACE_OPTIMIZERS.includes(o.kind) || o.weight_decay !== 0);
    if (refused) throw new Error(`KernelDynamics: ${refused.kind} with weight_decay ${refused.weight_decay} has no function-space form`);
    // No design matrix: only precond-gd reads it, and it is not a kernel-dynamics optimizer.
    this.optimizer = buildOptimizer(input.optimizers, { xTrain: new Float32Array(0), nTrain: n, dim: 0, modelKind: 'kernel' });
    this.alpha = tf.zeros([K, n, outputs]);
    this.optState = this.optimizer.init([this.alpha]);
  }

  /**
   * Update t (ctx.count) with each run's scheduled lr: `batch` holds each run's example indices, run-major
   * [K·B], or null for the full training set. Returns each run's batch mse before the update.
   */
  step(batch: Int32Array | null, ctx: StepContext): number[] {
    const { kTrain, f0Train, yTrain } = this.input;
    const [K, n] = kTrain.shape;
    const outputs = yTrain.shape[1];
    const next = tf.tidy(() => {
      let residual: tf.Tensor3D;
      let gradient: tf.Tensor3D;
      if (batch === null) {
        residual = tf.sub(tf.add(f0Train, tf.matMul(kTrain, this.alpha)), yTrain);
        gradient = tf.mul(residual, 2 / (n * outputs));
      } else {
        const B = batch.length / K;
        const indices = tf.tensor2d(batch, [K, B], 'int32');
        // Row r·n + i of the run-stacked [K·n, ...] matrices is run r's example i: one plain gather, as tfjs-wasm
        // 4.22's gather with batchDims = 1 returns run 0's rows for later runs.
        const stacked = tf.tensor1d(batch.map((i, j) => i + Math.floor(j / B) * n), 'int32');
        const rowsOf = (t: tf.Tensor3D) => tf.reshape(tf.gather(tf.reshape(t, [K * n, t.shape[2]]), stacked), [K, B, t.shape[2]]) as tf.Tensor3D;
        // f_t on the batch: f_0[batch] + Θ[batch, :] α_t.
        const fBatch = tf.add(rowsOf(f0Train), tf.matMul(rowsOf(kTrain), this.alpha));
        residual = tf.sub(fBatch, tf.reshape(tf.gather(yTrain, tf.reshape(indices, [K * B])), [K, B, outputs]));
        // ∂L/∂f_train: 2/(B·o) (f − y) on the batch's rows, zero elsewhere (Sᵀ r with S the one-hot rows).
        const rows = tf.cast(tf.oneHot(indices, n), 'float32') as tf.Tensor3D;
        gradient = tf.matMul(rows, tf.mul(residual, 2 / (B * outputs)), true);
      }
      const mse = tf.mean(tf.square(residual), [1, 2]);
      const { updates, state } = this.optimizer.update([gradient], this.optState, [this.alpha], ctx);
      return { alpha: tf.add(this.alpha, updates[0]) as tf.Tensor3D, state, mse };
    });
    tf.dispose([this.alpha, this.optState as tf.Tensor[]]);
    this.alpha = next.alpha;
    this.optState = next.state;
    const mse = Array.from(next.mse.dataSync());
    next.mse.dispose();
    return mse;
  }

  /** The mse of the current predictions on the whole training and test sets, per run (one read-back). */
  losses(): { train: number[]; test: number[] } {
    const { kTrain, kTestTrain, f0Train, f0Test, yTrain, yTest } = this.input;
    const K = kTrain.shape[0];
    const both = tf.tidy(() => {
      const train = tf.mean(tf.squaredDifference(tf.add(f0Train, tf.matMul(kTrain, this.alpha)), yTrain), [1, 2]);
      const test = tf.mean(tf.squaredDifference(tf.add(f0Test, tf.matMul(kTestTrain, this.alpha)), yTest), [1, 2]);
      return tf.stack([train, test]);
    });
    const v = both.dataSync();
    both.dispose();
    return { train: Array.from(v.subarray(0, K)), test: Array.from(v.subarray(K, 2 * K)) };
  }

  dispose(): void {
    tf.dispose([this.alpha, this.optState as tf.Tensor[]]);
    this.optimizer.dispose();
  }
}

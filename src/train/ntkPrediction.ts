// NTK-predicted training beside the real run (SPEC §6, metrics.ntk.predict): from the empirical kernel at init on
// the whole training set and test x train and the outputs f_0 there, the linearized network's trajectory under the
// run's own optimizer, batches and scheduled lr (theory/kernelDynamics.ts), read at the logged steps; and each run's
// max_stable_lr, the largest lr at which that recursion is stable.
import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../config/types.js';
import { largestEigenvalue } from '../metrics/largestEigenvalue.js';
import type { CohortModel } from '../models/types.js';
import type { StepContext } from '../optim/types.js';
import { KernelDynamics } from '../theory/kernelDynamics.js';
import { stabilityConstant } from '../theory/stabilityLimit.js';

/** The full training and test sets (not owned). */
export interface PredictionData {
  xTrain: tf.Tensor2D;
  yTrain: tf.Tensor2D;
  xTest: tf.Tensor2D;
  yTest: tf.Tensor2D;
}

export class NtkPrediction {
  /** Per run: stabilityConstant · n·o / (2 λ_max(Θ_train)). */
  readonly maxStableLr: number[];
  private readonly inputs: tf.Tensor3D[];
  private readonly dynamics: KernelDynamics;

  /**
   * @param theta0 the runs' initial parameters (not owned), where the kernel and f_0 are taken
   * @param optimizers the runs' optimizers, each one kernelDynamicsRefusal accepts (the plan has checked)
   */
  constructor(model: CohortModel, theta0: tf.Tensor[], data: PredictionData, optimizers: OptimizerConfig[]) {
    const { kTrain, kTestTrain, f0Train, f0Test } = tf.tidy(() => ({
      kTrain: model.ntk(theta0, data.xTrain),
      kTestTrain: model.ntk(theta0, data.xTest, data.xTrain),
      f0Train: model.apply(theta0, data.xTrain),
      f0Test: model.apply(theta0, data.xTest),
    }));
    this.inputs = [kTrain, kTestTrain, f0Train, f0Test];
    this.maxStableLr = maxStableLrs(kTrain, data.yTrain.shape[1], optimizers);
    this.dynamics = new KernelDynamics({ kTrain, kTestTrain, f0Train, f0Test, yTrain: data.yTrain, yTest: data.yTest, optimizers });
  }

  /** Update t of the prediction, as the trainer's: each run's batch indices (run-major [K·B]) or null for the full set. */
  step(indices: Int32Array | null, ctx: StepContext): void {
    this.dynamics.step(indices, ctx);
  }

  /** The predicted train and test mse after the updates so far, per run. */
  losses(): { train: number[]; test: number[] } {
    return this.dynamics.losses();
  }

  dispose(): void {
    this.dynamics.dispose();
    tf.dispose(this.inputs);
  }
}

/**
 * The mse Hessian in function space is 2 I / (n·o), so the recursion moves each eigen-direction of Θ (⊗ I_o) with
 * curvature 2λ/(n·o): stable while lr · 2 λ_max / (n·o) < c (stabilityLimit.ts), i.e. lr < c · n·o / (2 λ_max);
 * n·o / λ_max for gd (c = 2). λ_max in float64 on the host (one read-back of the kernels).
 */
function maxStableLrs(kTrain: tf.Tensor3D, outputs: number, optimizers: OptimizerConfig[]): number[] {
  const [K, n] = kTrain.shape;
  const kernels = kTrain.dataSync() as Float32Array;
  return Array.from({ length: K }, (_, r) => {
    const c = stabilityConstant(optimizers[r]);
    if (c === null) throw new Error(`NtkPrediction: ${optimizers[r].kind} has no stability constant`);
    const lambdaMax = largestEigenvalue(Float64Array.from(kernels.subarray(r * n * n, (r + 1) * n * n)), n);
    return (c * n * outputs) / (2 * lambdaMax);
  });
}

// Measures the empirical NTK of every run of a cohort during training (SPEC §3 ntk.csv, §4):
// the kernel on the first P training points, its drift from initialization, and the gap to the linearization.
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.js';
import type { ModelConfig } from '../config/types.js';
import { kernelStats, relativeKernelDistance } from '../metrics/ntkStats.js';
import { analyticArchitectureOf, analyticKernels } from '../theory/analyticKernel.js';
import type { CohortModel } from '../models/types.js';
import type { NtkRow } from '../output/metricRows.js';
import { distanceFromInit } from './distanceFromInit.js';

/** The NTK of each run at its first and its latest measurement (P x P, row-major, float64). */
export interface RunKernels {
  points: number;
  initial: Float64Array;
  latest: Float64Array;
}

export class NtkProbe {
  private readonly x: tf.Tensor2D;
  readonly rows: NtkRow[][];
  readonly kernels: (RunKernels | null)[];
  /** Each run's infinite-width NTK on the P points, when its model has one (kernel_vs_analytic), else null. */
  private readonly analytic: (Float64Array | null)[];

  /**
   * @param points P: the first P training examples (dataset order) are the kernel's points
   * @param theta0 the runs' initial parameters (not owned: the trainer disposes them)
   * @param theta0Norm ||theta_0|| per run [K] (not owned)
   * @param models the runs' model configs, for their analytic kernels
   */
  constructor(
    private readonly model: CohortModel,
    data: Dataset,
    private readonly points: number,
    private readonly theta0: tf.Tensor[],
    private readonly theta0Norm: tf.Tensor1D,
    models: ModelConfig[],
  ) {
    this.x = tf.tensor2d(data.xTrain.subarray(0, points * data.dim), [points, data.dim]);
    const pointSet = { x: data.xTrain.subarray(0, points * data.dim), count: points, dim: data.dim };
    this.analytic = models.map((m) => {
      const architecture = analyticArchitectureOf(m);
      return architecture === null ? null : analyticKernels(architecture, pointSet, pointSet).ntk;
    });
    const K = theta0Norm.shape[0];
    this.rows = Array.from({ length: K }, () => []);
    this.kernels = new Array(K).fill(null);
  }

  /** Appends a row at `step` for every run with measure[r] true (runs still training). */
  measure(step: number, params: tf.Tensor[], measure: boolean[]): void {
    const P = this.points;
    const K = measure.length;
    const { kernel, perRun } = tf.tidy(() => {
      const f = this.model.apply(params, this.x);
      const fLin = this.model.applyLinearized(this.theta0, params, this.x);
      const linGap = tf.sqrt(tf.mean(tf.squaredDifference(f, fLin), [1, 2]));
      const paramRel = distanceFromInit(params, this.theta0, this.theta0Norm);
      return { kernel: this.model.ntk(params, this.x), perRun: tf.stack([linGap, paramRel]) };
    });
    const k = kernel.dataSync() as Float32Array;
    const v = perRun.dataSync() as Float32Array;
    tf.dispose([kernel, perRun]);
    for (let r = 0; r < K; r++) {
      if (!measure[r]) continue;
      const Kt = Float64Array.from(k.subarray(r * P * P, (r + 1) * P * P));
      const initial = this.kernels[r]?.initial ?? Kt;
      this.kernels[r] = { points: P, initial, latest: Kt };
      const analytic = this.analytic[r];
      this.rows[r].push({
        step, ...kernelStats(Kt, initial), lin_gap: v[r], param_rel_change: v[K + r],
        kernel_vs_analytic: analytic === null ? null : relativeKernelDistance(Kt, analytic),
      });
    }
  }

  dispose(): void {
    this.x.dispose();
  }
}

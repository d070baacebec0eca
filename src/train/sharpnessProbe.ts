// Measures the sharpness of every run of a cohort during training (SPEC §6 sharpness.csv): the top eigenvalue
// of the Hessian of its training objective on the first P training examples, by Lanczos (metrics/lanczos.ts) on
// the model's exact Hessian-vector products (CohortModel.curvature), and for the adaptive optimizers the top
// eigenvalue of P^{-1/2} H P^{-1/2} with P their current diagonal preconditioner. One product of the cohort's
// summed objective gives every run its own block's product, so K runs cost one product per Lanczos step.
import * as tf from '@tensorflow/tfjs';
import type { LossKind, SharpnessMetricsConfig } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { Rng } from '../lib/rng.js';
import { lanczosTopEigen } from '../metrics/lanczos.js';
import type { CohortModel, HessianOperator } from '../models/types.js';
import type { OptState, Optimizer } from '../optim/types.js';
import type { SharpnessRow } from '../output/metricRows.js';
import type { PlannedRun } from '../plan/types.js';
import { preconditionedStabilityLimit } from '../theory/preconditionedStabilityLimit.js';
import { stabilityLimit } from '../theory/stabilityLimit.js';
import { outputDerivatives, targetMatrix } from './loss.js';

export class SharpnessProbe {
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  readonly rows: SharpnessRow[][];
  /** Each run's latest top eigenvector of H and of P^{-1/2} H P^{-1/2}, [K, |theta|]: the next measurement starts there. */
  private starts: { plain: tf.Tensor2D; preconditioned: tf.Tensor2D };

  /** @param runs the cohort's runs (their optimizers' limits, and seeds for Lanczos' first starting vectors) */
  constructor(
    private readonly model: CohortModel,
    private readonly loss: LossKind,
    private readonly optimizer: Optimizer,
    private readonly runs: PlannedRun[],
    data: Dataset,
    private readonly config: SharpnessMetricsConfig,
  ) {
    if (model.curvature === undefined) throw new Error('metrics.sharpness: this model kind has no Hessian-vector product');
    const P = config.points ?? data.nTrain;
    const y = targetMatrix(data, 'train');
    this.x = tf.tensor2d(data.xTrain.subarray(0, P * data.dim), [P, data.dim]);
    this.y = tf.tensor2d(y.subarray(0, P * data.outputs), [P, data.outputs]);
    this.rows = runs.map(() => []);
    const draws = new Float32Array(runs.length * model.paramCount);
    runs.forEach((run, r) => draws.set(new Rng(run.seed, 'sharpness').normals(model.paramCount), r * model.paramCount));
    const start = tf.tensor2d(draws, [runs.length, model.paramCount]);
    this.starts = { plain: start, preconditioned: tf.clone(start) };
  }

  /**
   * Appends a row at `step` (updates done) for every run with measure[r] true (runs still training), at
   * `params` with the optimizer in `optState`; `lr` is each run's scheduled learning rate at this step.
   */
  measure(step: number, params: tf.Tensor[], optState: OptState, lr: number[], measure: boolean[]): void {
    const kept = tf.tidy(() => {
      const hessian = this.model.curvature!(params, this.x, (f) => outputDerivatives(this.loss, f, this.y));
      const layout = new ParameterLayout(params);
      const plain = lanczosTopEigen((v) => layout.toRows(hessian.product(layout.fromRows(v))), this.starts.plain, this.config.iters);
      const scaling = this.optimizer.preconditioner(optState, step);
      const preconditioned = scaling === null ? null : preconditionedTopEigen(hessian, layout, scaling, this.starts.preconditioned, this.config.iters);
      this.runs.forEach((run, r) => {
        if (!measure[r]) return;
        this.rows[r].push({
          step,
          sharpness: plain.values[r],
          stability_limit: stabilityLimit(run.config.optimizer, lr[r]),
          precond_sharpness: preconditioned?.values[r] ?? null,
          precond_stability_limit: preconditionedStabilityLimit(run.config.optimizer, lr[r]),
        });
      });
      // The measured runs start the next measurement from their eigenvectors; the others keep their start.
      // A full-size condition: tfjs 4.22's Select mishandles one that broadcasts (see trainCohort.ts).
      const measured = tf.broadcastTo(tf.tensor2d(measure.map((m) => [m]), [measure.length, 1], 'bool'), this.starts.plain.shape);
      return {
        plain: tf.where(measured, plain.vectors, this.starts.plain) as tf.Tensor2D,
        preconditioned: preconditioned === null ? tf.clone(this.starts.preconditioned) : (tf.where(measured, preconditioned.vectors, this.starts.preconditioned) as tf.Tensor2D),
      };
    });
    tf.dispose([this.starts.plain, this.starts.preconditioned]);
    this.starts = kept;
  }

  dispose(): void {
    tf.dispose([this.x, this.y, this.starts.plain, this.starts.preconditioned]);
  }
}

/** The top eigenvalue of P^{-1/2} H P^{-1/2} per run: Lanczos on v -> d ⊙ H (d ⊙ v), d = P^{-1/2}. */
function preconditionedTopEigen(hessian: HessianOperator, layout: ParameterLayout, scaling: tf.Tensor[], start: tf.Tensor2D, iters: number) {
  const d = tf.rsqrt(layout.toRows(scaling));
  return lanczosTopEigen((v) => tf.mul(d, layout.toRows(hessian.product(layout.fromRows(tf.mul(d, v))))), start, iters);
}

/** A cohort's parameters [K, ...] (paramNames order) as one row per run [K, |theta|], run r's being its slice of every parameter in turn, and back. */
class ParameterLayout {
  private readonly shapes: number[][];
  private readonly sizes: number[];
  private readonly K: number;

  constructor(params: tf.Tensor[]) {
    this.K = params[0].shape[0];
    this.shapes = params.map((p) => p.shape);
    this.sizes = params.map((p) => p.size / this.K);
  }

  toRows(tensors: tf.Tensor[]): tf.Tensor2D {
    return tf.concat(tensors.map((t) => tf.reshape(t, [this.K, -1])), 1) as tf.Tensor2D;
  }

  fromRows(rows: tf.Tensor2D): tf.Tensor[] {
    return tf.split(rows, this.sizes, 1).map((part, i) => tf.reshape(part, this.shapes[i]));
  }
}

// Measures the sharpness of every run of a cohort during training (SPEC §6 sharpness.csv): the top eigenvalue
// of the Hessian of its training objective on the first P training examples, by Lanczos (metrics/lanczos.ts) on
// the model's exact Hessian-vector products (CohortModel.curvature), and for the adaptive optimizers the top
// eigenvalue of P^{-1/2} H P^{-1/2} with P their current diagonal preconditioner. One product of the cohort's
// summed objective gives every run its own block's product, so K runs cost one product per Lanczos step.
import * as tf from '@tensorflow/tfjs';
import type { LossKind, SharpnessMetricsConfig } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { Rng } from '../lib/rng.js';
import { lanczosTopEigen, type BatchedOperator } from '../metrics/lanczos.js';
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
  /** Each run's latest top eigenvector of H and of P^{-1/2} H P^{-1/2}: the next measurement starts there. */
  private readonly starts: { plain: Float64Array; preconditioned: Float64Array }[];

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
    this.starts = runs.map((run) => {
      const draw = new Rng(run.seed, 'sharpness').normals(model.paramCount);
      return { plain: draw, preconditioned: draw };
    });
  }

  /**
   * Appends a row at `step` (updates done) for every run with measure[r] true (runs still training), at
   * `params` with the optimizer in `optState`; `lr` is each run's scheduled learning rate at this step.
   */
  measure(step: number, params: tf.Tensor[], optState: OptState, lr: number[], measure: boolean[]): void {
    tf.tidy(() => {
      const hessian = this.model.curvature!(params, this.x, (f) => outputDerivatives(this.loss, f, this.y));
      const layout = new ParameterLayout(params);
      const apply: BatchedOperator = (vectors) => {
        const product = tf.tidy(() => hessian.product(layout.toTensors(vectors)));
        const result = layout.fromTensors(product);
        tf.dispose(product);
        return result;
      };
      const plain = lanczosTopEigen(apply, this.starts.map((s) => s.plain), this.config.iters);
      const scaling = this.optimizer.preconditioner(optState, step);
      const preconditioned = scaling === null ? null : this.preconditionedTopEigen(hessian, layout, scaling);
      this.runs.forEach((run, r) => {
        if (!measure[r]) return;
        this.starts[r].plain = plain[r].vector;
        if (preconditioned !== null) this.starts[r].preconditioned = preconditioned[r].vector;
        this.rows[r].push({
          step,
          sharpness: plain[r].value,
          stability_limit: stabilityLimit(run.config.optimizer, lr[r]),
          precond_sharpness: preconditioned?.[r].value ?? null,
          precond_stability_limit: preconditionedStabilityLimit(run.config.optimizer, lr[r]),
        });
      });
    });
  }

  /** The top eigenvalue of P^{-1/2} H P^{-1/2} per run: Lanczos on v -> d ⊙ H (d ⊙ v), d = P^{-1/2} on the host. */
  private preconditionedTopEigen(hessian: HessianOperator, layout: ParameterLayout, scaling: tf.Tensor[]) {
    const d = layout.fromTensors(scaling);
    for (const run of d) for (let i = 0; i < run.length; i++) run[i] = 1 / Math.sqrt(run[i]);
    const scale = (vectors: Float64Array[]) => vectors.map((v, r) => multiplied(v, d[r]));
    const apply: BatchedOperator = (vectors) => {
      const product = tf.tidy(() => hessian.product(layout.toTensors(scale(vectors))));
      const result = scale(layout.fromTensors(product));
      tf.dispose(product);
      return result;
    };
    return lanczosTopEigen(apply, this.starts.map((s) => s.preconditioned), this.config.iters);
  }

  dispose(): void {
    tf.dispose([this.x, this.y]);
  }
}

/** a ⊙ b, a fresh array. */
function multiplied(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
  return out;
}

/**
 * A cohort's parameters [K, ...] (paramNames order) as one flat float64 vector per run, run r's being its
 * slice of every parameter in turn, and back.
 */
class ParameterLayout {
  private readonly shapes: number[][];
  private readonly sizes: number[];
  private readonly K: number;

  constructor(params: tf.Tensor[]) {
    this.K = params[0].shape[0];
    this.shapes = params.map((p) => p.shape);
    this.sizes = params.map((p) => p.size / this.K);
  }

  toTensors(vectors: Float64Array[]): tf.Tensor[] {
    let offset = 0;
    return this.shapes.map((shape, i) => {
      const size = this.sizes[i];
      const values = new Float32Array(this.K * size);
      vectors.forEach((v, r) => values.set(v.subarray(offset, offset + size), r * size));
      offset += size;
      return tf.tensor(values, shape);
    });
  }

  fromTensors(tensors: tf.Tensor[]): Float64Array[] {
    const total = this.sizes.reduce((a, b) => a + b, 0);
    const vectors = Array.from({ length: this.K }, () => new Float64Array(total));
    let offset = 0;
    tensors.forEach((t, i) => {
      const size = this.sizes[i];
      const values = t.dataSync();
      vectors.forEach((v, r) => v.set(values.subarray(r * size, (r + 1) * size), offset));
      offset += size;
    });
    return vectors;
  }
}

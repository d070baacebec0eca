// Records, for linear and ridge runs on linear-regression data, the parameter error along each eigen-direction
// of the objective's Hessian at every logged step (directions.csv): GD's fast and slow directions, and for
// full-batch GD the error its exact recursion predicts.
import type { RunConfig } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { directionErrors, GdDirectionRecursion } from '../metrics/directions.js';
import { writesDirections } from '../output/metricFinals.js';
import type { DirectionRow } from '../output/metricRows.js';
import { ridgeSolution } from '../models/ridgeSolution.js';
import { linearHessian, type LinearHessian } from '../theory/linearHessian.js';

/** Whether `predicted_error` is exact for a run: full-batch GD steps θ ← θ − η ∇L with no weight decay added. */
export function followsGdRecursion(config: RunConfig): boolean {
  const { kind, weight_decay: weightDecay } = config.optimizer;
  const fullBatchGd = kind === 'gd' || (kind === 'sgd' && config.train.batch_size === 'full');
  return fullBatchGd && weightDecay === 0;
}

export class DirectionsProbe {
  /** H per run (ridge runs differ by λ). */
  private readonly hessians: LinearHessian[];
  /** θ* per run: the least-squares optimum (linear) or the ridge optimum for the run's λ. */
  private readonly optima: { W: Float64Array; b: Float64Array }[];
  /** Each run's GD recursion, started at its first measurement; null for runs it does not describe. */
  private readonly recursions: (GdDirectionRecursion | null)[];
  readonly rows: DirectionRow[][];

  /** Whether a run's model and data have the eigen-direction view (linear or ridge model on linear-regression data). */
  static appliesTo(config: RunConfig): boolean {
    return writesDirections(config);
  }

  /** `lrAt(s)`: every run's scheduled learning rate of update s. */
  constructor(private readonly configs: RunConfig[], private readonly data: Dataset, private readonly lrAt: (s: number) => number[]) {
    const lambdas = configs.map((c) => (c.model.kind === 'ridge' ? c.model.lambda : 0));
    this.hessians = lambdas.map((lambda) => linearHessian(data, lambda));
    this.optima = lambdas.map((lambda) => ridgeSolution(data, lambda));
    this.recursions = configs.map(() => null);
    this.rows = configs.map(() => []);
  }

  /**
   * Appends the rows of `step` for every run with measure[r] true, from W [K, d, o] and b [K, o] of every run
   * (row-major).
   */
  measure(step: number, W: Float32Array, b: Float32Array, measure: boolean[]): void {
    const { dim: d, outputs: o } = this.data;
    measure.forEach((on, r) => {
      if (!on) return;
      const hessian = this.hessians[r];
      const params = { W: W.subarray(r * d * o, (r + 1) * d * o), b: b.subarray(r * o, (r + 1) * o) };
      const errors = directionErrors(hessian, params, this.optima[r], o);
      if (this.rows[r].length === 0 && followsGdRecursion(this.configs[r])) {
        this.recursions[r] = new GdDirectionRecursion(hessian.eigenvalues, errors, step);
      }
      const predicted = this.recursions[r]?.at(step, (s) => this.lrAt(s)[r]) ?? null;
      errors.forEach((error, k) => this.rows[r].push({
        step,
        direction: k,
        sigma: hessian.sigma[k],
        hessian_eigenvalue: hessian.eigenvalues[k],
        error,
        predicted_error: predicted === null ? null : predicted[k],
      }));
    });
  }
}

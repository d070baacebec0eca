// Records, for linear and ridge runs on linear-regression data, the weight error along each right
// singular direction of the design at every logged step (directions.csv): GD's fast and slow directions.
import type { RunConfig } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { designDirections, directionErrors, type DesignDirections } from '../metrics/directions.js';
import { writesDirections } from '../output/metricFinals.js';
import type { DirectionRow } from '../output/metricRows.js';
import { ridgeSolution } from '../models/ridgeSolution.js';

export class DirectionsProbe {
  private readonly directions: DesignDirections;
  /** W* per run: the least-squares optimum (linear) or the ridge optimum for the run's lambda. */
  private readonly optima: Float64Array[];
  readonly rows: DirectionRow[][];

  /** Whether a run's model and data have the SVD view (linear or ridge model on linear-regression data). */
  static appliesTo(config: RunConfig): boolean {
    return writesDirections(config);
  }

  constructor(configs: RunConfig[], private readonly data: Dataset) {
    this.directions = designDirections(data);
    this.optima = configs.map((c) => ridgeSolution(data, c.model.kind === 'ridge' ? c.model.lambda : 0).W);
    this.rows = configs.map(() => []);
  }

  /** Appends the rows of `step` for every run with measure[r] true, from W of every run [K, d, o] (row-major). */
  measure(step: number, W: Float32Array, measure: boolean[]): void {
    const size = this.data.dim * this.data.outputs;
    measure.forEach((on, r) => {
      if (!on) return;
      const errors = directionErrors(this.directions, W.subarray(r * size, (r + 1) * size), this.optima[r], this.data.outputs);
      errors.forEach((error, k) => this.rows[r].push({ step, direction: k, sigma: this.directions.sigma[k], error }));
    });
  }
}

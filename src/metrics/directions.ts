// The eigen-direction view of linear regression (lecture 4): the parameter error split along the eigenvectors
// u_k of the objective's Hessian H (theory/linearHessian.ts), where full-batch GD multiplies the error along u_k
// by exactly (1 − η λ_k) per step, and its prediction from that recursion.
import type { LinearHessian } from '../theory/linearHessian.js';

/** Parameters of a linear model laid out as the Hessian sees them: W row-major [d, o] and b [o]. */
export interface LinearParams {
  W: ArrayLike<number>;
  b: ArrayLike<number>;
}

/**
 * Error of θ = [W; b] along each eigen-direction: e_k = ‖u_kᵀ (θ − θ*)‖, the Euclidean norm over the o output
 * columns (H acts on each column alike, so every column's component shrinks by the same factor).
 */
export function directionErrors(hessian: LinearHessian, params: LinearParams, optimum: LinearParams, outputs: number): Float64Array {
  const size = hessian.sigma.length;
  const d = size - 1;
  const errors = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    let squared = 0;
    for (let c = 0; c < outputs; c++) {
      let projection = hessian.vectors[d * size + k] * (params.b[c] - optimum.b[c]);
      for (let j = 0; j < d; j++) projection += hessian.vectors[j * size + k] * (params.W[j * outputs + c] - optimum.W[j * outputs + c]);
      squared += projection * projection;
    }
    errors[k] = Math.sqrt(squared);
  }
  return errors;
}

/**
 * The GD recursion along each direction: θ_t − θ* = (I − η_t H)(θ_{t−1} − θ*), so e_k(t) = |Π_{s≤t} (1 − η_s λ_k)| e_k(0)
 * (the product over the updates after the start).
 * Exact for full-batch GD on the quadratic objective with any learning-rate schedule.
 */
export class GdDirectionRecursion {
  /** Π_{s ≤ step} (1 − η_s λ_k), per direction. */
  private readonly factors: Float64Array;
  private step: number;

  /** Starts from the errors measured after update `startStep` (0: at init). */
  constructor(private readonly eigenvalues: Float64Array, private readonly initialErrors: Float64Array, startStep: number) {
    this.step = startStep;
    this.factors = new Float64Array(eigenvalues.length).fill(1);
  }

  /** The predicted errors after update `step` (≥ the last step asked), given η_s of each update s. */
  at(step: number, lrOf: (s: number) => number): Float64Array {
    if (step < this.step) throw new Error(`GdDirectionRecursion: step ${step} is before step ${this.step}`);
    for (let s = this.step + 1; s <= step; s++) {
      const lr = lrOf(s);
      this.eigenvalues.forEach((lambda, k) => (this.factors[k] *= 1 - lr * lambda));
    }
    this.step = step;
    return this.initialErrors.map((error, k) => Math.abs(this.factors[k]) * error);
  }
}

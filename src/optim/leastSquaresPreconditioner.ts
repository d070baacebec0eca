// precond-gd's preconditioner P = (X~^T X~ / n + delta I)^-1 with X~ = [X, 1] (SPEC §4), computed in
// float64 once per run (delta is per run) so that an ill-conditioned design keeps its digits.
import { LuDecomposition, Matrix } from 'ml-matrix';
import type { ProblemInfo } from './types.js';

/**
 * Returns P for every delta as one row-major float32 array of shape [K, d+1, d+1].
 * Throws a plain Error when X~^T X~ / n + delta I cannot be inverted (delta = 0 with a
 * rank-deficient design).
 */
export function leastSquaresPreconditioner(problem: ProblemInfo, deltas: readonly number[]): Float32Array {
  const { xTrain, nTrain: n, dim: d } = problem;
  if (xTrain.length !== n * d) throw new Error(`precond-gd: xTrain has ${xTrain.length} values, expected n x d = ${n} x ${d}`);
  const augmented = new Matrix(n, d + 1);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < d; col++) augmented.set(row, col, xTrain[row * d + col]);
    augmented.set(row, d, 1);
  }
  const secondMoment = augmented.transpose().mmul(augmented).div(n);
  const size = (d + 1) * (d + 1);
  const stacked = new Float32Array(deltas.length * size);
  deltas.forEach((delta, run) => {
    const regularized = Matrix.add(secondMoment, Matrix.eye(d + 1, d + 1, delta));
    const lu = new LuDecomposition(regularized);
    if (lu.isSingular()) throw new Error(`precond-gd: X~^T X~ / n + ${delta} I is singular; use a positive delta`);
    stacked.set(lu.solve(Matrix.eye(d + 1)).to1DArray(), run * size);
  });
  return stacked;
}

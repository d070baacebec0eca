// The largest eigenvalue of K symmetric operators at once by the Lanczos method with full reorthogonalisation
// (Golub & Van Loan §10.1; what scipy's eigsh and PyHessian's density estimate run), in float64 on the host.
// Per operator product it converges far faster than power iteration (whose error shrinks as (λ2/λ1)^k, with
// λ2/λ1 near 1 in a network's Hessian), and it finds the largest eigenvalue, not the largest in magnitude.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * K vectors in, K vectors out: run r's output is operator r applied to its input (one batched product). The
 * outputs must be fresh arrays (Lanczos overwrites them); the inputs must not be changed.
 */
export type BatchedOperator = (vectors: Float64Array[]) => Float64Array[];

/** The top eigenpair estimate of each operator. */
export interface TopEigen {
  /** The largest Ritz value: the top eigenvalue of the m x m tridiagonal T of the m-step Krylov basis; NaN for a non-finite operator. */
  value: number;
  /** Its Ritz vector, unit length: a warm start for the next measurement. */
  vector: Float64Array;
}

/**
 * The largest eigenvalue of each of K symmetric operators by `steps` Lanczos steps (one batched product each)
 * from the starting vectors `start` (nonzero, any length). A run whose Krylov space closes early (an invariant
 * subspace: beta = 0 to rounding) stops there, its Ritz value then exact; the others go on.
 */
export function lanczosTopEigen(operator: BatchedOperator, start: Float64Array[], steps: number): TopEigen[] {
  const K = start.length;
  const basis: Float64Array[][] = start.map((s) => [scaled(s, 1 / norm(s))]);
  const alphas: number[][] = start.map(() => []);
  const betas: number[][] = start.map(() => []);
  const open = new Array<boolean>(K).fill(true);
  for (let j = 0; j < steps && open.some(Boolean); j++) {
    const current = basis.map((q) => q[j] ?? new Float64Array(q[0].length));
    const products = operator(current);
    for (let r = 0; r < K; r++) {
      if (!open[r]) continue;
      // The operator's outputs are its own: w is worked on in place.
      const w = products[r];
      const alpha = dot(current[r], w);
      alphas[r].push(alpha);
      // The three-term recurrence, then every basis vector's remaining component subtracted once (full
      // reorthogonalisation, as PyHessian's Lanczos): the basis stays orthogonal in floating point, so no
      // spurious copies of converged eigenvalues appear.
      axpy(-alpha, current[r], w);
      if (j > 0) axpy(-betas[r][j - 1], basis[r][j - 1], w);
      for (const q of basis[r]) axpy(-dot(q, w), q, w);
      const beta = norm(w);
      const scale = Math.max(...alphas[r].map(Math.abs), ...betas[r]);
      if (j === steps - 1 || !(beta > 1e-10 * scale)) {
        open[r] = false;
        continue;
      }
      betas[r].push(beta);
      basis[r].push(scaled(w, 1 / beta));
    }
  }
  return basis.map((q, r) => topRitzPair(q, alphas[r], betas[r]));
}

/** The largest eigenvalue of the tridiagonal matrix (alphas on the diagonal, betas beside it) and its Ritz vector. */
function topRitzPair(basis: Float64Array[], alphas: number[], betas: number[]): TopEigen {
  // A diverged run's products are not finite: there is no eigenvalue to find (and the eigensolver would not end).
  if (![...alphas, ...betas].every(Number.isFinite)) return { value: Number.NaN, vector: basis[0] };
  const m = alphas.length;
  const T = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) {
    T.set(i, i, alphas[i]);
    if (i + 1 < m) {
      T.set(i, i + 1, betas[i]);
      T.set(i + 1, i, betas[i]);
    }
  }
  const eig = new EigenvalueDecomposition(T, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  let top = 0;
  for (let i = 1; i < m; i++) if (values[i] > values[top]) top = i;
  const vector = new Float64Array(basis[0].length);
  for (let i = 0; i < m; i++) axpy(eig.eigenvectorMatrix.get(i, top), basis[i], vector);
  return { value: values[top], vector: scaled(vector, 1 / norm(vector)) };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** y += c x. */
function axpy(c: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += c * x[i];
}

function scaled(a: Float64Array, c: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * c;
  return out;
}

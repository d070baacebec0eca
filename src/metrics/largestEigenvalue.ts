// The largest eigenvalue of a symmetric matrix held on the host in float64, by Lanczos iteration with full
// reorthogonalization (Golub & Van Loan, "Matrix Computations", §10.1): the full eigendecomposition that
// ntkStats.ts uses for 32 x 32 kernels takes ~9 s at n = 1024 and grows as n³, while a few dozen products of the
// matrix with a vector find λ_max to float64 precision in milliseconds.
import { Rng } from '../lib/rng.js';
import { topRitzPair } from './lanczos.js';

/** Relative residual |β_j s_j| / |θ| at which a Ritz value is the eigenvalue to float64 precision. */
const TOLERANCE = 1e-13;

/**
 * λ_max of (A + Aᵀ)/2 for A n x n row-major (a float32 kernel is symmetric only up to rounding). The Krylov space
 * starts from a fixed pseudo-random vector (the same answer on every call), which has a component along the top
 * eigenvector with probability 1. Exact after at most n steps; stops once the top Ritz value's residual is below
 * TOLERANCE, or when the space is invariant.
 */
export function largestEigenvalue(A: Float64Array, n: number): number {
  if (A.length !== n * n || n === 0) throw new Error(`largestEigenvalue: expected a non-empty ${n} x ${n} matrix, got ${A.length} entries`);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = (A[i * n + j] + A[j * n + i]) / 2;
  const basis: Float64Array[] = [normalized(Float64Array.from(new Rng(0, 'lanczos').normals(n, 1)))];
  const alphas: number[] = [];
  const betas: number[] = [];
  let largest = -Infinity;
  for (let j = 0; j < n; j++) {
    const q = basis[j];
    const w = times(S, q, n);
    alphas.push(dot(q, w));
    // Full reorthogonalization, twice ("twice is enough", Parlett): w ⟂ every basis vector to rounding.
    for (let pass = 0; pass < 2; pass++) for (const v of basis) axpy(w, v, -dot(v, w));
    const beta = Math.sqrt(dot(w, w));
    const { value, vector } = topRitzPair(alphas, betas);
    const lastComponent = vector[vector.length - 1];
    largest = value;
    // A non-finite matrix has no eigenvalue to converge to: NaN, at once.
    if (Number.isNaN(value)) break;
    const scale = Math.max(Math.abs(value), Number.MIN_VALUE);
    if (beta <= TOLERANCE * scale || Math.abs(beta * lastComponent) <= TOLERANCE * scale) break;
    betas.push(beta);
    basis.push(normalized(w));
  }
  return largest;
}

function times(S: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) sum += S[row + j] * v[j];
    out[i] = sum;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** y += a x, in place. */
function axpy(y: Float64Array, x: Float64Array, a: number): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function normalized(v: Float64Array): Float64Array {
  const norm = Math.sqrt(dot(v, v));
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

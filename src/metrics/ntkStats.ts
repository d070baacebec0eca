// Summaries of empirical NTK matrices for ntk.csv (SPEC §3, §4): drift from the initial kernel and the
// spectrum, in float64 on the host.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** The kernel columns of one ntk.csv row. */
export interface KernelStats {
  /** ||K_t - K_0||_F / ||K_0||_F (||K_t - K_0||_F when K_0 = 0, as param_dist does for theta_0 = 0). */
  kernel_rel_change: number;
  /** <K_t, K_0>_F / (||K_t||_F ||K_0||_F): 1 when the kernel only rescaled; NaN when either kernel is 0. */
  kernel_alignment: number;
  /** tr K_t. */
  ntk_trace: number;
  /** Largest eigenvalue of K_t. */
  ntk_lambda_max: number;
  /** Smallest eigenvalue of K_t. */
  ntk_lambda_min: number;
}

/** Statistics of the kernel Kt against the initial kernel K0, both P x P row-major. */
export function kernelStats(Kt: Float64Array, K0: Float64Array): KernelStats {
  if (Kt.length !== K0.length) throw new Error(`kernelStats: kernels differ in size (${Kt.length} vs ${K0.length})`);
  const P = sideOf(Kt);
  const normT = frobeniusNorm(Kt);
  const norm0 = frobeniusNorm(K0);
  let change2 = 0;
  let inner = 0;
  let trace = 0;
  for (let i = 0; i < Kt.length; i++) {
    change2 += (Kt[i] - K0[i]) ** 2;
    inner += Kt[i] * K0[i];
  }
  for (let p = 0; p < P; p++) trace += Kt[p * P + p];
  const eigenvalues = symmetricEigenvalues(Kt, P);
  const change = Math.sqrt(change2);
  return {
    kernel_rel_change: norm0 > 0 ? change / norm0 : change,
    kernel_alignment: normT > 0 && norm0 > 0 ? inner / (normT * norm0) : NaN,
    ntk_trace: trace,
    ntk_lambda_max: Math.max(...eigenvalues),
    ntk_lambda_min: Math.min(...eigenvalues),
  };
}

/** ||K - R||_F / ||R||_F: a kernel's distance from a reference kernel (ntk.csv's kernel_vs_analytic), both P x P. */
export function relativeKernelDistance(K: Float64Array, reference: Float64Array): number {
  if (K.length !== reference.length) throw new Error(`relativeKernelDistance: kernels differ in size (${K.length} vs ${reference.length})`);
  let difference = 0;
  for (let i = 0; i < K.length; i++) difference += (K[i] - reference[i]) ** 2;
  return Math.sqrt(difference) / frobeniusNorm(reference);
}

/** Eigenvalues of (K + Kᵀ)/2: a float32 kernel is symmetric only up to rounding. */
function symmetricEigenvalues(K: Float64Array, P: number): number[] {
  const symmetric = new Matrix(P, P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) symmetric.set(i, j, (K[i * P + j] + K[j * P + i]) / 2);
  }
  return new EigenvalueDecomposition(symmetric, { assumeSymmetric: true }).realEigenvalues;
}

function frobeniusNorm(K: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < K.length; i++) sum += K[i] * K[i];
  return Math.sqrt(sum);
}

function sideOf(K: Float64Array): number {
  const P = Math.round(Math.sqrt(K.length));
  if (P * P !== K.length || P === 0) throw new Error(`kernelStats: a kernel must be a non-empty P x P matrix, got ${K.length} entries`);
  return P;
}

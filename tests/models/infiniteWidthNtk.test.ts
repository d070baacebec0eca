// Checks that a wide one-hidden-layer ReLU network in NTK parameterization has, at init, an empirical
// NTK close to the analytic infinite-width NTK (Jacot et al. 2018), written here from the published equations.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.js';
import { Rng } from '../../src/lib/rng.js';
import { cohortOf, kernelOfRun, networkConfig, relativeError } from './support.js';

const DIM = 4;
const POINTS = 6;
const WIDTH = 8192;
const W_STD = 1.3;
/** Independent draws (seeds) of the network, one cohort. */
const RUNS = 4;

/**
 * The infinite-width NTK of f(x) = (w_std/√n) Σ_j v_j relu(z_j), z_j = (w_std/√d) Σ_i x_i W_ij,
 * with W, v ~ N(0, 1) and no bias (neural-tangents: stax.serial(Dense(n, W_std), Relu(), Dense(1, W_std))).
 * The empirical kernel is (w_std²/n) Σ_j relu(z_j) relu(z_j') + (w_std²/n) Σ_j v_j² relu'(z_j) relu'(z_j') Σ⁰(x, x'),
 * and as n → ∞ the sums become expectations over (u, u') ~ N(0, [[Σ⁰(x,x), Σ⁰(x,x')], [Σ⁰(x,x'), Σ⁰(x',x')]]):
 *   Σ⁰(x, x') = w_std² x·x'/d                                               (first Dense layer)
 *   Σ¹ = w_std² E[relu(u) relu(u')] = w_std² √(Σ⁰(x,x) Σ⁰(x',x')) (sin θ + (π − θ) cos θ) / (2π)
 *   Σ̇¹ = w_std² E[relu'(u) relu'(u')] = w_std² (π − θ) / (2π),   θ = arccos(Σ⁰(x,x') / √(Σ⁰(x,x) Σ⁰(x',x')))
 * (the arc-cosine kernels of degree 1 and 0, Cho & Saul 2009 eq. (6): k_n = (1/π)|x|ⁿ|x'|ⁿ J_n(θ) = 2 E[...];
 * neural-tangents stax.Relu), and the NTK recursion of Jacot et al. 2018 (Θ¹ = Σ⁰, Θ² = Θ¹ Σ̇¹ + Σ¹) gives
 *   Θ(x, x') = Σ¹(x, x') + Σ̇¹(x, x') Σ⁰(x, x').
 */
function analyticReluNtk(x: Float64Array[], wStd: number): Float64Array {
  const P = x.length;
  const sigma0 = (a: Float64Array, b: Float64Array) => (wStd * wStd * a.reduce((s, v, i) => s + v * b[i], 0)) / a.length;
  const theta = new Float64Array(P * P);
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < P; q++) {
      const s01 = sigma0(x[p], x[q]);
      const norms = Math.sqrt(sigma0(x[p], x[p]) * sigma0(x[q], x[q]));
      const angle = Math.acos(Math.max(-1, Math.min(1, s01 / norms)));
      const sigma1 = (wStd * wStd * norms * (Math.sin(angle) + (Math.PI - angle) * Math.cos(angle))) / (2 * Math.PI);
      const sigmaDot1 = (wStd * wStd * (Math.PI - angle)) / (2 * Math.PI);
      theta[p * P + q] = sigma1 + sigmaDot1 * s01;
    }
  }
  return theta;
}

describeEachBackend('a wide ReLU network in NTK parameterization', () => {
  it(`has an empirical NTK at init within a few percent of the infinite-width NTK (width ${WIDTH})`, () => {
    const rng = new Rng(5, 'wide-relu-test');
    const points = Array.from({ length: POINTS }, () => rng.normals(DIM));
    // A nearly opposite pair exercises the arc-cosine kernel at a large angle.
    points[POINTS - 1] = points[0].map((v, i) => -v + 0.1 * (i % 2));
    const x = tf.tensor2d(points.map((p) => Array.from(p)));
    const runs = Array.from({ length: RUNS }, () => networkConfig('mlp', { hidden: [WIDTH], bias: false, w_std: W_STD }));
    const model = cohortOf(runs, DIM, 1);
    const theta0 = model.init();
    const kernels = tf.tidy(() => model.ntk(theta0, x));
    const analytic = analyticReluNtk(points, W_STD);
    const mean = new Float64Array(POINTS * POINTS);
    for (let r = 0; r < RUNS; r++) {
      const kernel = kernelOfRun(kernels, r);
      expect(relativeError(kernel, analytic), `run ${r}`).toBeLessThan(0.04);
      kernel.forEach((v, i) => (mean[i] += v / RUNS));
    }
    // Finite-width fluctuations are O(1/√n) and independent across runs, so the mean over runs is closer
    // (≈ 1/√RUNS of one run's error); a systematic error in the kernel would not average out.
    expect(relativeError(mean, analytic)).toBeLessThan(0.015);
    tf.dispose([kernels, theta0, x]);
    model.dispose();
  });
});

// Checks the analytic NNGP and NTK (src/theory/analyticKernel.ts) against closed forms written out here (the
// arc-cosine kernels, Williams' arcsin kernel, the linear network's sum over layers), against a 2-D numerical
// integration of the Gaussian expectations, and against wide networks' empirical kernels at init.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.js';
import { Rng } from '../../src/lib/rng.js';
import { analyticKernels, type AnalyticArchitecture, type Points } from '../../src/theory/analyticKernel.js';
import { cohortOf, kernelOfRun, networkConfig, relativeError } from '../models/support.js';

const DIM = 3;

/** `count` Gaussian points in DIM dimensions, the last nearly opposite the first (a large angle). */
function points(count: number, seed: number): Points {
  const rng = new Rng(seed, 'analytic-kernel-test');
  const rows = Array.from({ length: count }, () => Array.from(rng.normals(DIM)));
  rows[count - 1] = rows[0].map((v, i) => -v + 0.2 * (i % 2));
  return { x: rows.flat(), count, dim: DIM };
}

const row = (p: Points, i: number) => Array.from(p.x).slice(i * p.dim, (i + 1) * p.dim);
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** Arc-cosine kernels (Cho & Saul 2009 eq. (6), k_n = (1/π)|x|ⁿ|x'|ⁿ J_n(θ)): E[relu(u)relu(u')] = k_1 / 2, E[step step] = k_0 / 2. */
function arcCosine(a: number, b: number, c: number): { t: number; tDot: number } {
  const angle = Math.acos(c / Math.sqrt(a * b));
  return {
    t: (Math.sqrt(a * b) * (Math.sin(angle) + (Math.PI - angle) * Math.cos(angle))) / (2 * Math.PI),
    tDot: (Math.PI - angle) / (2 * Math.PI),
  };
}

const arch = (fields: Partial<AnalyticArchitecture>): AnalyticArchitecture => ({
  depth: 1, activation: 'relu', w_std: 1, b_std: 0.1, bias: true, output_scale: 1, ...fields,
});

describe('analyticKernels against closed forms', () => {
  const xs = points(4, 1);
  const ys = points(3, 2);

  it('relu, depth 2, bias: two arc-cosine steps of the NNGP and the NTK recursion Θ = Σ + w² Ṫ Θ_prev, times α²', () => {
    const [w, bStd, alpha] = [1.4, 0.3, 1.7];
    const { nngp, ntk } = analyticKernels(arch({ depth: 2, w_std: w, b_std: bStd, output_scale: alpha }), xs, ys);
    for (let p = 0; p < xs.count; p++) {
      for (let q = 0; q < ys.count; q++) {
        const [x, y] = [row(xs, p), row(ys, q)];
        // Layer 1: pre-activation covariances of x with x, y with y, x with y.
        const s1 = [dot(x, x), dot(y, y), dot(x, y)].map((v) => (w * w * v) / DIM + bStd * bStd);
        const a1 = arcCosine(s1[0], s1[0], s1[0]).t;
        const b1 = arcCosine(s1[1], s1[1], s1[1]).t;
        const c1 = arcCosine(s1[0], s1[1], s1[2]);
        const s2 = [a1, b1, c1.t].map((v) => w * w * v + bStd * bStd);
        const c2 = arcCosine(s2[0], s2[1], s2[2]);
        const s3 = w * w * c2.t + bStd * bStd;
        // NTK: each layer's parameters contribute (its input kernel) × (the product of w² Ṫ above it).
        const theta1 = s1[2];
        const theta2 = s2[2] + w * w * c1.tDot * theta1;
        const theta3 = s3 + w * w * c2.tDot * theta2;
        expect(nngp[p * ys.count + q]).toBeCloseTo(alpha * alpha * s3, 12);
        expect(ntk[p * ys.count + q]).toBeCloseTo(alpha * alpha * theta3, 12);
      }
    }
  });

  it('relu, depth 1, no bias: Θ = w² T + w² Ṫ Σ⁰ with Σ⁰ = w² x·y/d (neural-tangents stax.serial(Dense, Relu, Dense))', () => {
    const w = 1.3;
    const { ntk, nngp } = analyticKernels(arch({ w_std: w, bias: false }), xs, ys);
    for (let p = 0; p < xs.count; p++) {
      for (let q = 0; q < ys.count; q++) {
        const [x, y] = [row(xs, p), row(ys, q)];
        const s0 = (w * w * dot(x, y)) / DIM;
        const { t, tDot } = arcCosine((w * w * dot(x, x)) / DIM, (w * w * dot(y, y)) / DIM, s0);
        expect(nngp[p * ys.count + q]).toBeCloseTo(w * w * t, 12);
        expect(ntk[p * ys.count + q]).toBeCloseTo(w * w * t + w * w * tDot * s0, 12);
      }
    }
  });

  it("erf, depth 1, bias: Williams' arcsin kernel and its derivative kernel (4/π)/√((1+2a)(1+2b) − 4c²)", () => {
    const [w, bStd] = [1.2, 0.4];
    const { nngp, ntk } = analyticKernels(arch({ activation: 'erf', w_std: w, b_std: bStd }), xs, ys);
    for (let p = 0; p < xs.count; p++) {
      for (let q = 0; q < ys.count; q++) {
        const [x, y] = [row(xs, p), row(ys, q)];
        const [a, b, c] = [dot(x, x), dot(y, y), dot(x, y)].map((v) => (w * w * v) / DIM + bStd * bStd);
        const t = (2 / Math.PI) * Math.asin((2 * c) / Math.sqrt((1 + 2 * a) * (1 + 2 * b)));
        const tDot = 4 / Math.PI / Math.sqrt((1 + 2 * a) * (1 + 2 * b) - 4 * c * c);
        const sigma = w * w * t + bStd * bStd;
        expect(nngp[p * ys.count + q]).toBeCloseTo(sigma, 12);
        expect(ntk[p * ys.count + q]).toBeCloseTo(sigma + w * w * tDot * c, 12);
      }
    }
  });

  it('linear, depth 3, bias: Σ_l = w² Σ_{l-1} + b² from w² x·y/d + b², Θ = Σ_l Σ_l w^{2(L+1-l)} (one term per layer)', () => {
    const [w, bStd, depth] = [0.9, 0.5, 3];
    const { nngp, ntk } = analyticKernels(arch({ activation: 'linear', w_std: w, b_std: bStd, depth }), xs, ys);
    for (let p = 0; p < xs.count; p++) {
      for (let q = 0; q < ys.count; q++) {
        const sigmas = [(w * w * dot(row(xs, p), row(ys, q))) / DIM + bStd * bStd];
        for (let l = 1; l <= depth; l++) sigmas.push(w * w * sigmas[l - 1] + bStd * bStd);
        // f is linear in each layer's (W, b) with the layers above multiplying its output by w² in the kernel.
        const theta = sigmas.reduce((s, sigma, l) => s + sigma * (w * w) ** (depth - l), 0);
        expect(nngp[p * ys.count + q]).toBeCloseTo(sigmas[depth], 12);
        expect(ntk[p * ys.count + q]).toBeCloseTo(theta, 12);
      }
    }
  });

  it('is symmetric on one point set and its NNGP diagonal follows the self-variance recursion', () => {
    const { nngp, ntk, rows } = analyticKernels(arch({ activation: 'erf', depth: 3, w_std: 1.5 }), xs, xs);
    for (let p = 0; p < rows; p++) {
      for (let q = 0; q < rows; q++) {
        expect(ntk[p * rows + q]).toBeCloseTo(ntk[q * rows + p], 12);
        expect(nngp[p * rows + q]).toBeCloseTo(nngp[q * rows + p], 12);
      }
    }
  });
});

describe('the activations duals against 2-D numerical integration', () => {
  /** E[g(u, u')] for (u, u') ~ N(0, [[a, c], [c, b]]), by the midpoint rule on [−8, 8]² in whitened coordinates. */
  function expectation(a: number, b: number, c: number, g: (u: number, v: number) => number): number {
    const steps = 1600;
    const h = 16 / steps;
    const [l11, l21] = [Math.sqrt(a), c / Math.sqrt(a)];
    const l22 = Math.sqrt(b - l21 * l21);
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      const z1 = -8 + (i + 0.5) * h;
      for (let j = 0; j < steps; j++) {
        const z2 = -8 + (j + 0.5) * h;
        sum += Math.exp(-(z1 * z1 + z2 * z2) / 2) * g(l11 * z1, l21 * z1 + l22 * z2);
      }
    }
    return (sum * h * h) / (2 * Math.PI);
  }

  it.each([
    ['relu', (u: number) => Math.max(0, u), (u: number) => (u > 0 ? 1 : 0)],
    ['erf', (u: number) => erf64(u), (u: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-u * u)],
  ] as const)('%s: one Dense + φ + readout without bias (w = 1) is E[φφ] and E[φφ] + E[φ′φ′] c', (activation, phi, dphi) => {
    // x = (1, 0, 0)·√3·√a etc. make Σ⁰ exactly [[a, c], [c, b]] with w_std = 1, d = 3.
    const [a, b, c] = [0.8, 1.7, -0.6];
    const x: Points = { x: [Math.sqrt(3 * a), 0, 0], count: 1, dim: 3 };
    const cy = c / Math.sqrt(a);
    const y: Points = { x: [Math.sqrt(3) * cy, Math.sqrt(3 * (b - cy * cy)), 0], count: 1, dim: 3 };
    const { nngp, ntk } = analyticKernels(arch({ activation, bias: false }), x, y);
    const t = expectation(a, b, c, (u, v) => phi(u) * phi(v));
    const tDot = expectation(a, b, c, (u, v) => dphi(u) * dphi(v));
    // The midpoint rule's error here is ~h² for smooth integrands and ~h for relu's kink and step: 1e-3 covers both.
    expect(Math.abs(nngp[0] - t)).toBeLessThan(1e-3);
    expect(Math.abs(ntk[0] - (t + tDot * c))).toBeLessThan(1e-3);
  });
});

/** erf to float64 precision: the Maclaurin series for |z| < 3, else the continued fraction of erfc. */
function erf64(z: number): number {
  const s = Math.abs(z);
  if (s < 3) {
    let [term, sum] = [z, z];
    for (let k = 1; k < 60; k++) {
      term *= (-z * z) / k;
      sum += term / (2 * k + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(s) = e^{−s²}/√π · 1/(s + (1/2)/(s + 1/(s + (3/2)/(s + ...)))).
  let fraction = s;
  for (let k = 60; k >= 1; k--) fraction = s + k / 2 / fraction;
  return Math.sign(z) * (1 - Math.exp(-s * s) / Math.sqrt(Math.PI) / fraction);
}

describeEachBackend('analyticKernels against wide networks at init', () => {
  const WIDTH = 16384;
  const SEEDS = 4;
  const P = 5;
  it.each([
    { activation: 'relu' as const, w_std: 1.4, b_std: 0.3 },
    { activation: 'erf' as const, w_std: 1.2, b_std: 0.2 },
    { activation: 'linear' as const, w_std: 0.8, b_std: 0.5 },
  ])(`$activation, one hidden layer of ${WIDTH} units: the empirical NTK averaged over ${SEEDS} seeds is within 2/√width`, (settings) => {
    const pts = points(P, 7);
    const x = tf.tensor2d(Array.from(pts.x), [P, DIM]);
    const runs = Array.from({ length: SEEDS }, () => networkConfig('mlp', { hidden: [WIDTH], output_scale: 1.5, ...settings }));
    const model = cohortOf(runs, DIM, 1);
    const theta0 = model.init();
    const kernels = tf.tidy(() => model.ntk(theta0, x));
    const { ntk } = analyticKernels(arch({ ...settings, output_scale: 1.5 }), pts, pts);
    const mean = new Float64Array(P * P);
    const errors = [];
    for (let r = 0; r < SEEDS; r++) {
      const kernel = kernelOfRun(kernels, r);
      errors.push(relativeError(kernel, ntk));
      kernel.forEach((v, i) => (mean[i] += v / SEEDS));
    }
    // The empirical kernel is an average over the width of i.i.d. per-unit terms, so its relative deviation from
    // the limit is c/√width with c of order 1 (measured here: c from 0.5 to 3.0 for single seeds, 0.45 to 1.05 for
    // the 4-seed mean): one seed's error stays below 4/√width ≈ 0.031, and the mean of independent seeds, whose
    // fluctuation shrinks by √SEEDS, below 2/√width ≈ 0.016, while a wrong constant in the kernel (a missing b_std²
    // or α², a wrong Ṫ) is a systematic error of several percent that no averaging removes.
    for (const e of errors) expect(e).toBeLessThan(4 / Math.sqrt(WIDTH));
    expect(relativeError(mean, ntk)).toBeLessThan(2 / Math.sqrt(WIDTH));
    tf.dispose([kernels, theta0, x]);
    model.dispose();
  });

  it('relu, two hidden layers of 1024 units: the mean over 4 seeds is within 3/√1024 (the depth-2 recursion)', () => {
    const width = 1024;
    const pts = points(P, 8);
    const x = tf.tensor2d(Array.from(pts.x), [P, DIM]);
    const settings = { activation: 'relu' as const, w_std: 1.3, b_std: 0.2 };
    const runs = Array.from({ length: SEEDS }, () => networkConfig('mlp', { hidden: [width, width], ...settings }));
    const model = cohortOf(runs, DIM, 1);
    const theta0 = model.init();
    const kernels = tf.tidy(() => model.ntk(theta0, x));
    const { ntk } = analyticKernels(arch({ ...settings, depth: 2 }), pts, pts);
    const mean = new Float64Array(P * P);
    for (let r = 0; r < SEEDS; r++) kernelOfRun(kernels, r).forEach((v, i) => (mean[i] += v / SEEDS));
    // Deeper kernels fluctuate more (the variance grows with depth, Hanin & Nica 2019): 3/√width ≈ 0.094 for the mean.
    expect(relativeError(mean, ntk)).toBeLessThan(3 / Math.sqrt(width));
    tf.dispose([kernels, theta0, x]);
    model.dispose();
  });
});

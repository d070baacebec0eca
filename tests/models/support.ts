// Shared test support for the models: network configs with SPEC §4 defaults, a dataset shell for
// buildModel, a plain float64 forward pass, and the explicit-Jacobian reference NTK (per example, per
// output, by tf.grads).
import * as tf from '@tensorflow/tfjs';
import type { Activation, ModelConfig, NetworkModel } from '../../src/config/types.js';
import type { Dataset } from '../../src/data/types.js';
import { Rng } from '../../src/lib/rng.js';
import { buildModel } from '../../src/models/build.js';
import type { CohortModel } from '../../src/models/types.js';

/** A network config of `kind` with SPEC §4's defaults (relu, bias, ntk, w_std 1, b_std 0.1, alpha 1, not centered), overridden by `fields`. */
export function networkConfig(kind: NetworkModel['kind'], fields: Partial<Omit<NetworkModel, 'kind'>> = {}): NetworkModel {
  return {
    kind,
    hidden: [5],
    activation: 'relu',
    bias: true,
    parameterization: 'ntk',
    w_std: 1,
    b_std: 0.1,
    output_scale: 1,
    center: false,
    ...fields,
  };
}

/** A dataset with `dim` features and `outputs` targets (no rows: buildModel reads only its shape). */
export function shapeOnly(dim: number, outputs: number): Dataset {
  return {
    task: 'regression', dim, outputs, nTrain: 0, nTest: 0,
    xTrain: new Float32Array(0), yTrain: new Float32Array(0), xTest: new Float32Array(0), yTest: new Float32Array(0),
    featureNames: Array.from({ length: dim }, (_, j) => `x${j}`),
  };
}

/** The cohort model of `configs` (one run each, seeds 11, 12, ...) for `dim` inputs and `outputs` outputs. */
export function cohortOf(configs: ModelConfig[], dim: number, outputs: number): CohortModel {
  return buildModel(configs, configs.map((_, k) => 11 + k), shapeOnly(dim, outputs));
}

/** erf by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7, far below float32 tolerance here). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.sign(x) * (1 - poly * Math.exp(-x * x));
}

const phi64: Record<Activation, (z: number) => number> = {
  relu: (z) => Math.max(0, z),
  tanh: Math.tanh,
  gelu: (z) => 0.5 * z * (1 + erf(z / Math.SQRT2)),
  erf,
  linear: (z) => z,
};

/**
 * SPEC §4 for one run, in float64: z_l = s_l h W_l + t_l b_l (s = 1, t = 1 standard; s = w_std/√fan_in,
 * t = b_std ntk), h_l = phi(z_l) but for the last layer, f = alpha z_{L-1} (never centered: callers
 * subtract the value at theta0 themselves). params: this run's W0, b0, ... row-major.
 */
export function referenceForward(config: NetworkModel, widths: number[], params: Float64Array[], x: number[]): number[] {
  const ntk = config.parameterization === 'ntk';
  let h = x;
  let next = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l], widths[l + 1]];
    const W = params[next++];
    const b = config.bias ? params[next++] : null;
    const z = Array.from({ length: fanOut }, (_, j) => {
      let sum = 0;
      for (let i = 0; i < fanIn; i++) sum += h[i] * W[i * fanOut + j];
      return (ntk ? config.w_std / Math.sqrt(fanIn) : 1) * sum + (b === null ? 0 : (ntk ? config.b_std : 1) * b[j]);
    });
    h = l + 2 < widths.length ? z.map(phi64[config.activation]) : z;
  }
  return h.map((v) => config.output_scale * v);
}

/** Run r's slice of every [K, ...] parameter, as float64. */
export function runParams(params: tf.Tensor[], r: number): Float64Array[] {
  return params.map((p) => {
    const values = p.dataSync();
    const size = values.length / p.shape[0];
    return Float64Array.from(values.subarray(r * size, (r + 1) * size));
  });
}

/** Standard normal draws of a given shape (float64 rounded to float32), from a test-only stream. */
export function normalTensor(shape: number[], seed: number, std = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from(new Rng(seed, 'model-test').normals(size, std)), shape);
}

/** params + std * noise, fresh tensors (the parameters moved off their init in a random direction). */
export function moved(params: tf.Tensor[], seed: number, std: number): tf.Tensor[] {
  return params.map((p, i) => tf.tidy(() => tf.add(p, normalTensor(p.shape, seed + i, std))));
}

/**
 * The Jacobian of each run's outputs w.r.t. its own parameters, built row by row: for run r, point p and
 * output k, tf.grads of the scalar apply(params, x)[r, p, k], run r's slice of every gradient flattened
 * and concatenated. Returns J[r] with (P o) rows (p major) of |theta| entries, in float64.
 * Also checks that the other runs' slices of each gradient are exactly zero (runs never interact).
 */
export function explicitJacobians(model: CohortModel, params: tf.Tensor[], x: tf.Tensor2D): Float64Array[][] {
  const K = params[0].shape[0];
  const output = tf.tidy(() => model.apply(params, x));
  const [, P, o] = output.shape;
  output.dispose();
  const jacobians: Float64Array[][] = [];
  for (let r = 0; r < K; r++) {
    const rows: Float64Array[] = [];
    for (let p = 0; p < P; p++) {
      for (let k = 0; k < o; k++) {
        const grads = tf.grads((...ps: tf.Tensor[]) => tf.reshape(tf.slice(model.apply(ps, x), [r, p, k], [1, 1, 1]), []))(params);
        const row: number[] = [];
        for (const g of grads) {
          const values = g.dataSync();
          const size = values.length / K;
          for (let i = 0; i < values.length; i++) {
            const own = i >= r * size && i < (r + 1) * size;
            if (own) row.push(values[i]);
            else if (values[i] !== 0) throw new Error(`run ${r}'s output depends on run ${Math.floor(i / size)}'s parameters`);
          }
        }
        tf.dispose(grads);
        rows.push(Float64Array.from(row));
      }
    }
    jacobians.push(rows);
  }
  return jacobians;
}

/**
 * K = J Jᵀ traced over the o outputs and divided by o, from one run's Jacobian rows ((P o) rows, p major); with
 * `other` (the Jacobian rows of Q other points), the cross kernel J Jₒᵀ [P, Q] the same way.
 */
export function kernelFromJacobian(rows: Float64Array[], P: number, other: Float64Array[] = rows): Float64Array {
  const o = rows.length / P;
  const Q = other.length / o;
  const kernel = new Float64Array(P * Q);
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      let sum = 0;
      for (let k = 0; k < o; k++) {
        const a = rows[p * o + k];
        const b = other[q * o + k];
        for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
      }
      kernel[p * Q + q] = sum / o;
    }
  }
  return kernel;
}

/** The reference NTK of every run: explicitJacobians then kernelFromJacobian. */
export function explicitNtk(model: CohortModel, params: tf.Tensor[], x: tf.Tensor2D): Float64Array[] {
  return explicitJacobians(model, params, x).map((rows) => kernelFromJacobian(rows, x.shape[0]));
}

/** Run r's P x Q block of a [K, P, Q] kernel tensor, as float64. */
export function kernelOfRun(kernels: tf.Tensor3D, r: number): Float64Array {
  const [, P, Q] = kernels.shape;
  return Float64Array.from((kernels.dataSync() as Float32Array).subarray(r * P * Q, (r + 1) * P * Q));
}

/** ||a - b||_F / ||b||_F. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] * b[i];
  }
  return Math.sqrt(diff / norm);
}

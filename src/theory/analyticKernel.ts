// The infinite-width kernels of the mlp's ntk parameterization (SPEC §6): its NNGP Σ and NTK Θ, layer by
// layer in float64 on the host, as neural-tangents' stax composes Dense and an activation (Lee et al. 2018,
// "Deep Neural Networks as Gaussian Processes"; Jacot et al. 2018; Arora et al. 2019 for the NTK recursion).
import { ANALYTIC_ACTIVATIONS } from '../config/catalog.js';
import type { Activation, AnalyticActivation, ModelConfig } from '../config/types.js';

/** Whether the activation's Gaussian expectations E[φ(u)φ(u')] and E[φ'(u)φ'(u')] are written here in closed form. */
export function hasAnalyticKernel(activation: Activation): activation is AnalyticActivation {
  return (ANALYTIC_ACTIVATIONS as readonly string[]).includes(activation);
}

/** The architecture whose limit is taken: `depth` hidden layers of Dense(w_std, b_std) then φ, a Dense readout, times α. */
export interface AnalyticArchitecture {
  depth: number;
  activation: AnalyticActivation;
  w_std: number;
  b_std: number;
  /** false: the Dense layers add no bias, so no b_std² term. */
  bias: boolean;
  /** α: f = α g, so Σ and Θ are multiplied by α². */
  output_scale: number;
}

/**
 * The architecture whose infinite-width limit a model is or has: infinite-ntk's own, and that of an mlp or
 * linearized network in the ntk parameterization with relu, erf or linear (depth = its number of hidden layers,
 * whatever their widths); null for every other model (standard parameterization, tanh, gelu, linear-probe, linear).
 */
export function analyticArchitectureOf(model: ModelConfig): AnalyticArchitecture | null {
  if (model.kind === 'infinite-ntk') return model;
  if (model.kind !== 'mlp' && model.kind !== 'linearized') return null;
  if (model.parameterization !== 'ntk' || !hasAnalyticKernel(model.activation)) return null;
  const { activation, w_std, b_std, bias, output_scale } = model;
  return { depth: model.hidden.length, activation, w_std, b_std, bias, output_scale };
}

/** Points as rows: `count` rows of `dim` features, row-major. */
export interface Points {
  x: ArrayLike<number>;
  count: number;
  dim: number;
}

/** Σ (the NNGP: covariance of the outputs at init) and Θ (the NTK) between two point sets, [rows, cols] row-major. */
export interface KernelPair {
  nngp: Float64Array;
  ntk: Float64Array;
  rows: number;
  cols: number;
}

/**
 * The activation's dual (Daniely et al. 2016): for (u, u') ~ N(0, [[a, c], [c, b]]), T = E[φ(u)φ(u')] and
 * Ṫ = E[φ'(u)φ'(u')], from the variances a, b and covariance c.
 */
type Dual = (a: number, b: number, c: number) => { t: number; tDot: number };

const duals: Record<AnalyticActivation, Dual> = {
  // Arc-cosine kernels of degree 1 and 0 (Cho & Saul 2009; neural-tangents' stax.Relu), θ the angle between u and u':
  // T = √(ab) (sin θ + (π − θ) cos θ) / (2π),  Ṫ = (π − θ) / (2π).
  relu: (a, b, c) => {
    const norms = Math.sqrt(a * b);
    // A point at the origin (no bias): u = 0 surely, relu(0) = 0 and relu'(0) = 0 (tfjs's step).
    if (norms === 0) return { t: 0, tDot: 0 };
    const cos = Math.max(-1, Math.min(1, c / norms));
    const angle = Math.acos(cos);
    return { t: (norms * (Math.sqrt(1 - cos * cos) + (Math.PI - angle) * cos)) / (2 * Math.PI), tDot: (Math.PI - angle) / (2 * Math.PI) };
  },
  // Williams 1997's arcsin kernel (neural-tangents' stax.Erf with a = 1, b = 0, c = 0), and its derivative kernel
  // from φ' = (2/√π) e^{−z²}: T = (2/π) asin(2c / √((1 + 2a)(1 + 2b))),  Ṫ = (4/π) / √((1 + 2a)(1 + 2b) − 4c²).
  erf: (a, b, c) => {
    const product = (1 + 2 * a) * (1 + 2 * b);
    return {
      t: (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, (2 * c) / Math.sqrt(product)))),
      tDot: 4 / Math.PI / Math.sqrt(product - 4 * c * c),
    };
  },
  linear: (_a, _b, c) => ({ t: c, tDot: 1 }),
};

/** The NNGP of each point with itself, layer by layer: what the cross recursion reads its variances from. */
function selfVariances(arch: AnalyticArchitecture, points: Points): Float64Array[] {
  const w2 = arch.w_std * arch.w_std;
  const b2 = arch.bias ? arch.b_std * arch.b_std : 0;
  const dual = duals[arch.activation];
  let q = new Float64Array(points.count);
  for (let p = 0; p < points.count; p++) {
    let s = 0;
    for (let i = 0; i < points.dim; i++) s += points.x[p * points.dim + i] ** 2;
    q[p] = w2 * (s / points.dim) + b2;
  }
  const layers = [q];
  for (let l = 0; l < arch.depth; l++) {
    q = q.map((v) => w2 * dual(v, v, v).t + b2);
    layers.push(q);
  }
  return layers;
}

/**
 * Σ and Θ between the rows of `a` and of `b` (same dim). With Σ⁰ = x·x'/d the input kernel:
 *   Dense:  Σ ← w_std² Σ + b_std²,  Θ ← w_std² Θ + Σ (the new Σ; Θ = 0 at the input),
 *   φ:      Σ ← T(Σ),  Θ ← Θ · Ṫ(Σ),
 * for `depth` pairs of Dense and φ, then the readout Dense, then both times α².
 */
export function analyticKernels(arch: AnalyticArchitecture, a: Points, b: Points): KernelPair {
  if (a.dim !== b.dim) throw new Error(`analyticKernels: points of ${a.dim} and ${b.dim} features`);
  const w2 = arch.w_std * arch.w_std;
  const b2 = arch.bias ? arch.b_std * arch.b_std : 0;
  const alpha2 = arch.output_scale * arch.output_scale;
  const dual = duals[arch.activation];
  const [varA, varB] = [selfVariances(arch, a), selfVariances(arch, b)];
  const { count: rows, dim } = a;
  const cols = b.count;
  const nngp = new Float64Array(rows * cols);
  const ntk = new Float64Array(rows * cols);
  for (let p = 0; p < rows; p++) {
    for (let q = 0; q < cols; q++) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += a.x[p * dim + i] * b.x[q * dim + i];
      let sigma = w2 * (dot / dim) + b2;
      let theta = sigma;
      for (let l = 0; l < arch.depth; l++) {
        const { t, tDot } = dual(varA[l][p], varB[l][q], sigma);
        sigma = w2 * t + b2;
        theta = w2 * theta * tDot + sigma;
      }
      nngp[p * cols + q] = alpha2 * sigma;
      ntk[p * cols + q] = alpha2 * theta;
    }
  }
  return { nngp, ntk, rows, cols };
}

// 50 updates of every optimizer on a quadratic, a cohort of K = 3 runs with different hyperparameters,
// each run against its own float64 reference: the published update equations (torch.optim's
// docs, SPEC §4) written plainly below over Float64Array, sharing no code with src/optim.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { OptimizerConfig, OptimizerKind } from '../../src/config/types.js';
import { buildOptimizer } from '../../src/optim/build.js';
import { describeEachBackend } from '../helpers/backends.js';
import { NO_DESIGN, expectClose, optimizerConfig, runUpdates } from './support.js';

const STEPS = 50;
// Each update rounds a handful of float32 operations (relative error ~6e-8 each) and these runs stay
// in contracting or bounded regimes, so the rounding does not compound: the largest deviation seen over
// 50 steps, on cpu and wasm, is 4e-7 relative to 1 + |p|. The tolerance 2e-6 is that with a 5x margin,
// still 500x smaller than the effect of a wrong equation (a wrong b1, eps placement, bias correction or
// decay coupling moves p by 1e-3 or more within 50 steps). Hyperparameters avoid sign-descent-like
// chaos (e.g. RMSprop with alpha = 0.5 oscillating at the optimum), which amplifies rounding to 1e-5.
const TOLERANCE = 2e-6;

// f(p) = 1/2 sum_i h_i (p_i - c_i)^2 over 7 coordinates with distinct curvatures, held as two parameter
// tensors A [K,2,2] (coordinates 0..3) and B [K,3] (coordinates 4..6); its gradient is h (p - c).
const CURVATURE = [0.5, 1, 2, 4, 0.25, 1.5, 3];
const CENTER = [1, -1, 0.5, 2, -0.5, 0, 1.5];
const STARTS = [
  [2.3, -1.7, 0.9, 1.1, 0.6, -0.8, 2.9],
  [-0.4, 0.35, 1.75, 2.6, -1.45, 0.55, 0.2],
  [1.35, -2.2, -0.6, 2.45, 0.15, -0.35, 1.05],
];

/** One run's float64 optimizer: step(p, g, t) updates p in place from the raw gradient g at update t. */
interface Reference {
  step(p: Float64Array, g: Float64Array, t: number): void;
  /** The smallest |x| fed to sign() so far (Infinity without sign): float32 cannot flip a sign this far from 0. */
  signMargin: number;
}

type Hyper = Record<string, number>;
const N = CURVATURE.length;

function sgdReference(h: Hyper): Reference {
  return {
    signMargin: Infinity,
    step(p, g) {
      for (let i = 0; i < N; i++) p[i] -= h.lr * (g[i] + h.weight_decay * p[i]);
    },
  };
}

function momentumReference(h: Hyper, nesterov: boolean): Reference {
  const buffer = new Float64Array(N);
  return {
    signMargin: Infinity,
    step(p, g, t) {
      for (let i = 0; i < N; i++) {
        const grad = g[i] + h.weight_decay * p[i];
        buffer[i] = t === 1 ? grad : h.momentum * buffer[i] + (1 - h.dampening) * grad;
        p[i] -= h.lr * (nesterov ? grad + h.momentum * buffer[i] : buffer[i]);
      }
    },
  };
}

function signSgdReference(h: Hyper): Reference {
  const reference: Reference = {
    signMargin: Infinity,
    step(p, g) {
      for (let i = 0; i < N; i++) {
        const grad = g[i] + h.weight_decay * p[i];
        reference.signMargin = Math.min(reference.signMargin, Math.abs(grad));
        p[i] -= h.lr * Math.sign(grad);
      }
    },
  };
  return reference;
}

function rmspropReference(h: Hyper): Reference {
  const v = new Float64Array(N);
  return {
    signMargin: Infinity,
    step(p, g) {
      for (let i = 0; i < N; i++) {
        const grad = g[i] + h.weight_decay * p[i];
        v[i] = h.alpha * v[i] + (1 - h.alpha) * grad * grad;
        p[i] -= (h.lr * grad) / (Math.sqrt(v[i]) + h.eps);
      }
    },
  };
}

function adagradReference(h: Hyper): Reference {
  const sum = new Float64Array(N).fill(h.initial_accumulator);
  return {
    signMargin: Infinity,
    step(p, g) {
      for (let i = 0; i < N; i++) {
        const grad = g[i] + h.weight_decay * p[i];
        sum[i] += grad * grad;
        p[i] -= (h.lr * grad) / (Math.sqrt(sum[i]) + h.eps);
      }
    },
  };
}

function adamReference(h: Hyper, decoupled: boolean, biasCorrection: boolean): Reference {
  const m = new Float64Array(N);
  const v = new Float64Array(N);
  return {
    signMargin: Infinity,
    step(p, g, t) {
      for (let i = 0; i < N; i++) {
        let grad = g[i];
        if (decoupled) p[i] *= 1 - h.lr * h.weight_decay;
        else grad += h.weight_decay * p[i];
        m[i] = h.beta1 * m[i] + (1 - h.beta1) * grad;
        v[i] = h.beta2 * v[i] + (1 - h.beta2) * grad * grad;
        const mHat = biasCorrection ? m[i] / (1 - h.beta1 ** t) : m[i];
        const vHat = biasCorrection ? v[i] / (1 - h.beta2 ** t) : v[i];
        p[i] -= (h.lr * mHat) / (Math.sqrt(vHat) + h.eps);
      }
    },
  };
}

function lionReference(h: Hyper): Reference {
  const m = new Float64Array(N);
  const reference: Reference = {
    signMargin: Infinity,
    step(p, g) {
      for (let i = 0; i < N; i++) {
        const c = h.beta1 * m[i] + (1 - h.beta1) * g[i];
        reference.signMargin = Math.min(reference.signMargin, Math.abs(c));
        p[i] -= h.lr * (Math.sign(c) + h.weight_decay * p[i]);
        m[i] = h.beta2 * m[i] + (1 - h.beta2) * g[i];
      }
    },
  };
  return reference;
}

interface TrajectoryCase {
  title: string;
  kind: OptimizerKind;
  /** Per-run hyperparameters: field -> [run 0, run 1, run 2]. */
  hyper: Record<string, number[]>;
  /** Cohort-wide booleans. */
  flags?: Record<string, boolean>;
  reference: (h: Hyper) => Reference;
}

const CASES: TrajectoryCase[] = [
  { title: 'sgd', kind: 'sgd', hyper: { lr: [0.1, 0.05, 0.2], weight_decay: [0, 0.1, 0.01] }, reference: sgdReference },
  { title: 'gd', kind: 'gd', hyper: { lr: [0.3, 0.02, 0.45], weight_decay: [0.05, 0, 0] }, reference: sgdReference },
  {
    title: 'momentum',
    kind: 'momentum',
    hyper: { lr: [0.05, 0.02, 0.1], momentum: [0.9, 0.5, 0.8], dampening: [0, 0.3, 0.1], weight_decay: [0, 0.05, 0] },
    reference: (h) => momentumReference(h, false),
  },
  {
    title: 'nesterov',
    kind: 'nesterov',
    hyper: { lr: [0.05, 0.02, 0.1], momentum: [0.9, 0.5, 0.8], dampening: [0, 0, 0.2], weight_decay: [0, 0.05, 0.01] },
    reference: (h) => momentumReference(h, true),
  },
  { title: 'signsgd', kind: 'signsgd', hyper: { lr: [0.0937, 0.0311, 0.0713], weight_decay: [0, 0.1, 0] }, reference: signSgdReference },
  {
    title: 'rmsprop',
    kind: 'rmsprop',
    hyper: { lr: [0.01, 0.003, 0.02], alpha: [0.99, 0.9, 0.8], eps: [1e-8, 1e-6, 1e-3], weight_decay: [0, 0.01, 0] },
    reference: rmspropReference,
  },
  {
    title: 'adagrad',
    kind: 'adagrad',
    hyper: { lr: [0.5, 0.1, 1], eps: [1e-10, 1e-6, 1e-3], initial_accumulator: [0, 0.1, 1], weight_decay: [0, 0.01, 0] },
    reference: adagradReference,
  },
  {
    title: 'adam',
    kind: 'adam',
    hyper: { lr: [0.05, 0.01, 0.1], beta1: [0.9, 0.8, 0.5], beta2: [0.999, 0.99, 0.9], eps: [1e-8, 1e-6, 1e-3], weight_decay: [0, 0.01, 0] },
    reference: (h) => adamReference(h, false, true),
  },
  {
    title: 'adam without bias correction',
    kind: 'adam',
    hyper: { lr: [0.01, 0.003, 0.02], beta1: [0.9, 0.8, 0.5], beta2: [0.999, 0.99, 0.9], eps: [1e-8, 1e-6, 1e-3], weight_decay: [0, 0.01, 0] },
    flags: { bias_correction: false },
    reference: (h) => adamReference(h, false, false),
  },
  {
    title: 'adamw',
    kind: 'adamw',
    hyper: { lr: [0.05, 0.01, 0.1], beta1: [0.9, 0.8, 0.5], beta2: [0.999, 0.99, 0.9], eps: [1e-8, 1e-6, 1e-3], weight_decay: [0.01, 0.5, 0] },
    reference: (h) => adamReference(h, true, true),
  },
  {
    title: 'lion',
    kind: 'lion',
    hyper: { lr: [0.01, 0.003, 0.02], beta1: [0.9, 0.8, 0.5], beta2: [0.99, 0.9, 0.95], weight_decay: [0, 0.1, 1] },
    reference: lionReference,
  },
];

/** Run k's hyperparameters from a case's per-run lists. */
function hyperOf(hyper: Record<string, number[]>, run: number): Hyper {
  const one: Hyper = { weight_decay: 0 };
  for (const [field, values] of Object.entries(hyper)) one[field] = values[run];
  return one;
}

/** The float64 reference trajectory [step][coordinate] of one run. */
function referenceTrajectory(reference: Reference, start: number[]): Float64Array[] {
  const p = Float64Array.from(start);
  const trajectory = [Float64Array.from(p)];
  for (let t = 1; t <= STEPS; t++) {
    const g = new Float64Array(N);
    for (let i = 0; i < N; i++) g[i] = CURVATURE[i] * (p[i] - CENTER[i]);
    reference.step(p, g, t);
    trajectory.push(Float64Array.from(p));
  }
  return trajectory;
}

describeEachBackend('50 updates on a quadratic against float64 references, K = 3', () => {
  // Per-run hyperparameters take the [K, 1, ...] tensor path; a cohort whose runs all share run 1's values
  // (as every K = 1 cohort does) takes the scalar path.
  const variants = CASES.flatMap((c) => [
    { ...c, hyperFor: (run: number) => hyperOf(c.hyper, run) },
    { ...c, title: `${c.title}, hyperparameters shared by the runs`, hyperFor: () => hyperOf(c.hyper, 1) },
  ]);
  for (const { title, kind, hyperFor, flags, reference } of variants) {
    it(title, () => {
      const runs = STARTS.length;
      const configs: OptimizerConfig[] = STARTS.map((_, run) => optimizerConfig(kind, { ...hyperFor(run), ...flags }));
      const curvatureA = tf.tensor3d([[CURVATURE.slice(0, 2), CURVATURE.slice(2, 4)]]);
      const centerA = tf.tensor3d([[CENTER.slice(0, 2), CENTER.slice(2, 4)]]);
      const curvatureB = tf.tensor2d([CURVATURE.slice(4)]);
      const centerB = tf.tensor2d([CENTER.slice(4)]);
      const initial = [
        tf.tensor3d(STARTS.map((start) => [start.slice(0, 2), start.slice(2, 4)])),
        tf.tensor2d(STARTS.map((start) => start.slice(4))),
      ];
      const optimizer = buildOptimizer(configs, NO_DESIGN);
      const device = runUpdates(
        optimizer,
        initial,
        STEPS,
        ([a, b]) => [tf.mul(curvatureA, tf.sub(a, centerA)), tf.mul(curvatureB, tf.sub(b, centerB))],
        configs.map((c) => c.lr),
      );
      optimizer.dispose();
      tf.dispose([curvatureA, centerA, curvatureB, centerB, initial]);

      for (let run = 0; run < runs; run++) {
        const runReference = reference(hyperFor(run));
        const expected = referenceTrajectory(runReference, STARTS[run]);
        expect(runReference.signMargin, 'sign arguments stay clear of 0').toBeGreaterThan(1e-4);
        for (let t = 1; t <= STEPS; t++) {
          const [a, b] = device[t];
          const actual = [...a.subarray(run * 4, run * 4 + 4), ...b.subarray(run * 3, run * 3 + 3)];
          expectClose(actual, expected[t], TOLERANCE, `${title} run ${run} step ${t}`);
        }
      }
    });
  }
});

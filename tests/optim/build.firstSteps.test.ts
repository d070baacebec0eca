// The first two updates of every optimizer on a fixed gradient sequence, against values derived by
// hand from SPEC §4 / torch.optim's equations (in the comments), to float32 precision.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { buildOptimizer } from '../../src/optim/build.js';
import type { OptimizerConfig } from '../../src/config/types.js';
import type { ProblemInfo } from '../../src/optim/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { NO_DESIGN, expectClose, optimizerConfig, runUpdates } from './support.js';

// One run (K = 1) with p0 = [1, -2, 0.5]; the gradients are fixed, whatever p is:
// g1 = [0.5, -1, 0], g2 = [-0.25, 2, 0]. The third coordinate checks that a zero gradient moves nothing
// (sign(0) = 0, 0 / (0 + eps) = 0) unless weight decay acts on it.
const P0 = [1, -2, 0.5];
const GRADIENTS = [
  [0.5, -1, 0],
  [-0.25, 2, 0],
];
// float32 rounding of a few operations on O(1) numbers: ~1e-7 each; 1e-6 leaves room for ~10 of them.
const FLOAT32 = 1e-6;

interface HandCase {
  title: string;
  config: OptimizerConfig;
  p1: number[];
  p2: number[];
}

const sqrt = Math.sqrt;

const CASES: HandCase[] = [
  {
    // Coupled decay: g1' = g1 + 0.5 p0 = [1, -2, 0.25], p1 = p0 - 0.1 g1' = [0.9, -1.8, 0.475];
    // g2' = g2 + 0.5 p1 = [0.2, 1.1, 0.2375], p2 = p1 - 0.1 g2' = [0.88, -1.91, 0.45125].
    title: 'sgd with weight decay',
    config: optimizerConfig('sgd', { lr: 0.1, weight_decay: 0.5 }),
    p1: [0.9, -1.8, 0.475],
    p2: [0.88, -1.91, 0.45125],
  },
  {
    // p1 = p0 - 0.1 g1 = [0.95, -1.9, 0.5]; p2 = p1 - 0.1 g2 = [0.975, -2.1, 0.5].
    title: 'gd',
    config: optimizerConfig('gd', { lr: 0.1 }),
    p1: [0.95, -1.9, 0.5],
    p2: [0.975, -2.1, 0.5],
  },
  {
    // b1 = g1 (torch copies the first gradient, no dampening): p1 = [0.95, -1.9, 0.5].
    // b2 = 0.9 b1 + (1 - 0.5) g2 = [0.45 - 0.125, -0.9 + 1, 0] = [0.325, 0.1, 0]; p2 = p1 - 0.1 b2.
    title: 'momentum with dampening',
    config: optimizerConfig('momentum', { lr: 0.1, momentum: 0.9, dampening: 0.5 }),
    p1: [0.95, -1.9, 0.5],
    p2: [0.9175, -1.91, 0.5],
  },
  {
    // b1 = g1, direction g1 + 0.9 b1 = 1.9 g1 = [0.95, -1.9, 0]: p1 = [0.905, -1.81, 0.5].
    // b2 = 0.9 g1 + g2 = [0.2, 1.1, 0], direction g2 + 0.9 b2 = [-0.07, 2.99, 0]: p2 = [0.912, -2.109, 0.5].
    title: 'nesterov',
    config: optimizerConfig('nesterov', { lr: 0.1, momentum: 0.9 }),
    p1: [0.905, -1.81, 0.5],
    p2: [0.912, -2.109, 0.5],
  },
  {
    // sign(g1) = [1, -1, 0]: p1 = [0.9, -1.9, 0.5]; sign(g2) = [-1, 1, 0]: p2 = [1, -2, 0.5].
    title: 'signsgd',
    config: optimizerConfig('signsgd', { lr: 0.1 }),
    p1: [0.9, -1.9, 0.5],
    p2: [1, -2, 0.5],
  },
  {
    // v1 = 0.01 g1^2 = [0.0025, 0.01, 0], sqrt = [0.05, 0.1, 0]: p1 = p0 - 0.01 [0.5/0.05, -1/0.1, 0] ≈ [0.9, -1.9, 0.5]
    // (eps = 1e-8 shifts each by ~2e-9). v2 = 0.99 v1 + 0.01 g2^2 = [0.0031, 0.0499, 0]:
    // p2 = p1 - 0.01 [-0.25/0.0556776, 2/0.2233831, 0] ≈ [0.944901, -1.989532, 0.5].
    title: 'rmsprop',
    config: optimizerConfig('rmsprop', { lr: 0.01, alpha: 0.99, eps: 1e-8 }),
    p1: [1 - (0.01 * 0.5) / (0.05 + 1e-8), -2 + (0.01 * 1) / (0.1 + 1e-8), 0.5],
    p2: [
      1 - (0.01 * 0.5) / (0.05 + 1e-8) + (0.01 * 0.25) / (sqrt(0.0031) + 1e-8),
      -2 + (0.01 * 1) / (0.1 + 1e-8) - (0.01 * 2) / (sqrt(0.0499) + 1e-8),
      0.5,
    ],
  },
  {
    // s1 = 0.1 + g1^2 = [0.35, 1.1, 0.1]: p1 = p0 - 0.1 [0.5/0.591608, -1/1.048809, 0] ≈ [0.915485, -1.904654, 0.5].
    // s2 = s1 + g2^2 = [0.4125, 5.1, 0.1]: p2 = p1 - 0.1 [-0.25/0.642262, 2/2.258318, 0] ≈ [0.954410, -1.993215, 0.5].
    title: 'adagrad with an initial accumulator',
    config: optimizerConfig('adagrad', { lr: 0.1, initial_accumulator: 0.1, eps: 1e-10 }),
    p1: [1 - (0.1 * 0.5) / sqrt(0.35), -2 + (0.1 * 1) / sqrt(1.1), 0.5],
    p2: [
      1 - (0.1 * 0.5) / sqrt(0.35) + (0.1 * 0.25) / sqrt(0.4125),
      -2 + (0.1 * 1) / sqrt(1.1) - (0.1 * 2) / sqrt(5.1),
      0.5,
    ],
  },
  {
    // m1 = 0.1 g1, v1 = 0.001 g1^2; bias-corrected m^ = g1, v^ = g1^2, so the step is lr g1/(|g1| + eps):
    // p1 ≈ [0.9, -1.9, 0.5]. m2 = 0.9 m1 + 0.1 g2 = [0.02, 0.11, 0], v2 = 0.999 v1 + 0.001 g2^2 =
    // [0.00031225, 0.004999, 0]; m^ = m2/0.19 = [0.105263, 0.578947], v^ = v2/0.001999 = [0.156203, 2.500750]:
    // p2 = p1 - 0.1 [0.105263/0.395226, 0.578947/1.581376, 0] ≈ [0.873367, -1.936610, 0.5].
    title: 'adam',
    config: optimizerConfig('adam', { lr: 0.1 }),
    p1: [1 - 0.1 * (0.5 / (0.5 + 1e-8)), -2 + 0.1 * (1 / (1 + 1e-8)), 0.5],
    p2: [0.9 - 0.1 * (0.02 / 0.19 / (sqrt(0.00031225 / 0.001999) + 1e-8)), -1.9 - 0.1 * (0.11 / 0.19 / (sqrt(0.004999 / 0.001999) + 1e-8)), 0.5],
  },
  {
    // Without bias correction the raw moments are used: p1 = p0 - 0.1 [0.05/0.0158114, -0.1/0.0316228, 0]
    // ≈ [0.683772, -1.683772, 0.5]; p2 = p1 - 0.1 [0.02/0.0176706, 0.11/0.0707036, 0] ≈ [0.570590, -1.839351, 0.5].
    title: 'adam without bias correction',
    config: optimizerConfig('adam', { lr: 0.1, bias_correction: false }),
    p1: [1 - 0.1 * (0.05 / (sqrt(0.00025) + 1e-8)), -2 + 0.1 * (0.1 / (sqrt(0.001) + 1e-8)), 0.5],
    p2: [
      1 - 0.1 * (0.05 / (sqrt(0.00025) + 1e-8)) - 0.1 * (0.02 / (sqrt(0.00031225) + 1e-8)),
      -2 + 0.1 * (0.1 / (sqrt(0.001) + 1e-8)) - 0.1 * (0.11 / (sqrt(0.004999) + 1e-8)),
      0.5,
    ],
  },
  {
    // p <- p (1 - 0.1 * 0.1) then the adam step above: p1 = 0.99 p0 - 0.1 [1, -1, 0] ≈ [0.89, -1.88, 0.495];
    // p2 = 0.99 p1 - 0.1 [0.266333, 0.366101, 0] ≈ [0.854467, -1.897810, 0.49005].
    title: 'adamw',
    config: optimizerConfig('adamw', { lr: 0.1, weight_decay: 0.1 }),
    p1: [0.99 - 0.1 * (0.5 / (0.5 + 1e-8)), -1.98 + 0.1 * (1 / (1 + 1e-8)), 0.495],
    p2: [
      0.99 * (0.99 - 0.1 * (0.5 / (0.5 + 1e-8))) - 0.1 * (0.02 / 0.19 / (sqrt(0.00031225 / 0.001999) + 1e-8)),
      0.99 * (-1.98 + 0.1 * (1 / (1 + 1e-8))) - 0.1 * (0.11 / 0.19 / (sqrt(0.004999 / 0.001999) + 1e-8)),
      0.99 * 0.495,
    ],
  },
  {
    // m0 = 0: c1 = 0.1 g1, sign = [1, -1, 0]; p1 = p0 - 0.1 (sign + 0.5 p0) = [0.85, -1.8, 0.475]; m1 = 0.5 g1 = [0.25, -0.5, 0].
    // c2 = 0.9 m1 + 0.1 g2 = [0.2, -0.25, 0]: its sign [1, -1, 0] is OPPOSITE to sign(g2), so Lion differs from signSGD;
    // p2 = p1 - 0.1 ([1, -1, 0] + 0.5 p1) = [0.7075, -1.61, 0.45125].
    title: 'lion with weight decay',
    config: optimizerConfig('lion', { lr: 0.1, beta1: 0.9, beta2: 0.5, weight_decay: 0.5 }),
    p1: [0.85, -1.8, 0.475],
    p2: [0.7075, -1.61, 0.45125],
  },
];

// precond-gd on d = 1, n = 2, X = [[1], [3]]: X~ = [[1, 1], [3, 1]], X~^T X~ / 2 = [[5, 2], [2, 1]] (det 1), delta = 0,
// so P = [[1, -2], [-2, 5]]. Params W = [[0.5]], b = [1]; fixed gradients (gW, gb) = (1, 2) then (-1, 0.5).
// Step 1: P [1; 2] = [-3; 8], so W1 = 0.5 + 0.1 * 3 = 0.8, b1 = 1 - 0.1 * 8 = 0.2.
// Step 2: P [-1; 0.5] = [-2; 4.5], so W2 = 0.8 + 0.2 = 1.0, b2 = 0.2 - 0.45 = -0.25.
const TINY_DESIGN: ProblemInfo = { xTrain: new Float32Array([1, 3]), nTrain: 2, dim: 1, modelKind: 'linear' };

describeEachBackend('the first two updates of every optimizer', () => {
  for (const { title, config, p1, p2 } of CASES) {
    it(title, () => {
      const optimizer = buildOptimizer([config], NO_DESIGN);
      const trajectory = runUpdates(optimizer, [tf.tensor2d([P0])], 2, (_params, t) => [tf.tensor2d([GRADIENTS[t - 1]])], [config.lr]);
      optimizer.dispose();
      expectClose(trajectory[1][0], p1, FLOAT32, `${title} p1`);
      expectClose(trajectory[2][0], p2, FLOAT32, `${title} p2`);
    });
  }

  it('precond-gd', () => {
    const config = optimizerConfig('precond-gd', { lr: 0.1, delta: 0 });
    const optimizer = buildOptimizer([config], TINY_DESIGN);
    const gradients = [
      [1, 2],
      [-1, 0.5],
    ];
    const trajectory = runUpdates(
      optimizer,
      [tf.tensor3d([[[0.5]]]), tf.tensor2d([[1]])],
      2,
      (_params, t) => [tf.tensor3d([[[gradients[t - 1][0]]]]), tf.tensor2d([[gradients[t - 1][1]]])],
      [config.lr],
    );
    optimizer.dispose();
    expectClose([trajectory[1][0][0], trajectory[1][1][0]], [0.8, 0.2], FLOAT32, 'precond-gd [W1, b1]');
    expectClose([trajectory[2][0][0], trajectory[2][1][0]], [1.0, -0.25], FLOAT32, 'precond-gd [W2, b2]');
  });

  it('covers every optimizer kind', () => {
    const kinds = new Set([...CASES.map((c) => c.config.kind), 'precond-gd']);
    expect([...kinds].sort()).toEqual(['adagrad', 'adam', 'adamw', 'gd', 'lion', 'momentum', 'nesterov', 'precond-gd', 'rmsprop', 'sgd', 'signsgd']);
  });
});

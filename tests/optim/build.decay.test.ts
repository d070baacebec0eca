// Coupled L2 decay (adam + weight_decay) against decoupled decay (adamw), and Adam's bias correction
// on against off: the first steps differ exactly as the equations of SPEC §4 say.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { buildOptimizer } from '../../src/optim/build.js';
import { describeEachBackend } from '../helpers/backends.js';
import { NO_DESIGN, expectClose, optimizerConfig, runUpdates } from './support.js';

const FLOAT32 = 1e-6;
const P0 = [1.5, -2, 0.25];
const zeroGradient = (params: tf.Tensor[]) => params.map((p) => tf.zerosLike(p));

describeEachBackend('weight decay coupling and bias correction', () => {
  it('adamw with a zero gradient shrinks p by exactly (1 - lr wd) per step, run by run', () => {
    // With g = 0 Adam's moments stay 0 and its step is 0 / (0 + eps) = 0, so only p <- p (1 - lr wd) acts.
    const configs = [
      optimizerConfig('adamw', { lr: 0.1, weight_decay: 0.01 }),
      optimizerConfig('adamw', { lr: 0.05, weight_decay: 0.2 }),
    ];
    const optimizer = buildOptimizer(configs, NO_DESIGN);
    const trajectory = runUpdates(optimizer, [tf.tensor2d([P0, P0])], 3, zeroGradient, [0.1, 0.05]);
    optimizer.dispose();
    const shrink = [1 - 0.1 * 0.01, 1 - 0.05 * 0.2];
    const expected = shrink.flatMap((s) => P0.map((p) => p * s ** 3));
    expectClose(trajectory[3][0], expected, FLOAT32, 'adamw after 3 steps');
  });

  it('adam with coupled L2 decay moves by about lr sign(p) on the first step', () => {
    // g' = wd p is fed to Adam; bias-corrected step 1 is lr g'/(|g'| + eps) = lr sign(p) |wd p| / (|wd p| + eps).
    const [lr, wd] = [0.1, 0.01];
    const optimizer = buildOptimizer([optimizerConfig('adam', { lr, weight_decay: wd })], NO_DESIGN);
    const trajectory = runUpdates(optimizer, [tf.tensor2d([P0])], 1, zeroGradient, [lr]);
    optimizer.dispose();
    const expected = P0.map((p) => p - (lr * (wd * p)) / (Math.abs(wd * p) + 1e-8));
    expectClose(trajectory[1][0], expected, FLOAT32, 'adam + L2 step 1');
    // ... a move of ~lr = 0.1 per coordinate, where adamw's decay alone moves by lr wd |p| <= 0.002.
    trajectory[1][0].forEach((p, i) => expect(Math.abs(p - P0[i])).toBeCloseTo(lr, 5));
  });

  it('bias correction: step 1 moves by about lr with it and lr (1 - b1) / sqrt(1 - b2) without', () => {
    // Step 1: m = (1 - b1) g, v = (1 - b2) g^2. Corrected: m^ = g, v^ = g^2, step lr g/(|g| + eps) ≈ lr sign(g).
    // Uncorrected: lr (1 - b1) g / (sqrt(1 - b2) |g| + eps) ≈ lr 0.1 / 0.0316228 = 3.16228 lr.
    const g = [0.3, -2, 1e-3];
    const lr = 0.01;
    const gradient = () => [tf.tensor2d([g])];
    const stepOne = (biasCorrection: boolean) => {
      const optimizer = buildOptimizer([optimizerConfig('adam', { lr, bias_correction: biasCorrection })], NO_DESIGN);
      const trajectory = runUpdates(optimizer, [tf.tensor2d([P0])], 1, gradient, [lr]);
      optimizer.dispose();
      return trajectory[1][0];
    };
    const corrected = g.map((gi, i) => P0[i] - (lr * gi) / (Math.abs(gi) + 1e-8));
    const uncorrected = g.map((gi, i) => P0[i] - (lr * 0.1 * gi) / (Math.sqrt(0.001) * Math.abs(gi) + 1e-8));
    expectClose(stepOne(true), corrected, FLOAT32, 'bias-corrected step 1');
    expectClose(stepOne(false), uncorrected, FLOAT32, 'uncorrected step 1');
    expect(Math.abs(uncorrected[0] - P0[0]) / lr).toBeCloseTo(3.16228, 4);
  });
});

// The preconditioned stability limit against the closed forms of SPEC §6 and Cohen et al. 2022, and against
// the heavy-ball constant it comes from: adam's first moment is momentum μ = β1 with dampening β1 (its (1 − β1) g).
import { describe, expect, it } from 'vitest';
import { preconditionedStabilityLimit } from '../../src/theory/preconditionedStabilityLimit.js';
import { stabilityLimit } from '../../src/theory/stabilityLimit.js';
import { optimizerConfig } from '../optim/support.js';

describe('preconditionedStabilityLimit', () => {
  it('is (2 + 2 β1) / ((1 − β1) lr) for adam and adamw: 38 / lr at β1 = 0.9', () => {
    expect(preconditionedStabilityLimit(optimizerConfig('adam'), 0.01)).toBeCloseTo(3800, 9);
    expect(preconditionedStabilityLimit(optimizerConfig('adamw', { beta1: 0.5 }), 0.1)).toBeCloseTo(60, 9);
    const heavyBall = stabilityLimit(optimizerConfig('momentum', { momentum: 0.8, dampening: 0.8 }), 0.02);
    expect(preconditionedStabilityLimit(optimizerConfig('adam', { beta1: 0.8 }), 0.02)).toBeCloseTo(heavyBall!, 9);
  });

  it('is 2 / lr for rmsprop and adagrad, and null for kinds without a diagonal preconditioner', () => {
    expect(preconditionedStabilityLimit(optimizerConfig('rmsprop'), 0.01)).toBe(200);
    expect(preconditionedStabilityLimit(optimizerConfig('adagrad'), 0.5)).toBe(4);
    for (const kind of ['gd', 'sgd', 'momentum', 'nesterov', 'signsgd', 'lion', 'precond-gd'] as const) {
      expect(preconditionedStabilityLimit(optimizerConfig(kind), 0.1), kind).toBeNull();
    }
  });
});

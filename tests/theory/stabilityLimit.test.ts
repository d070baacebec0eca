// stabilityConstant against the optimizers' own recursions: torch's update rules simulated on a scalar
// quadratic L = λ x² / 2 (gradient λ x) just inside and just outside lr·λ = c must decay and blow up.
import { describe, expect, it } from 'vitest';
import { stabilityConstant, stabilityLimit } from '../../src/theory/stabilityLimit.js';
import { optimizerConfig } from '../optim/support.js';

/** |x_T| after T torch updates from x_0 = 1 with curvature λ = 1 (torch.optim.SGD, momentum buffer b_1 = g). */
function finalDistance(kind: 'sgd' | 'momentum' | 'nesterov', lr: number, mu: number, dampening: number, steps = 4000): number {
  let x = 1;
  let b = 0;
  for (let t = 1; t <= steps; t++) {
    const g = x;
    if (kind === 'sgd') {
      x -= lr * g;
    } else {
      b = t === 1 ? g : mu * b + (1 - dampening) * g;
      x -= lr * (kind === 'nesterov' ? g + mu * b : b);
    }
    if (Math.abs(x) > 1e12) return Infinity;
  }
  return Math.abs(x);
}

describe('stabilityConstant', () => {
  const cases = [
    { kind: 'sgd' as const, mu: 0, dampening: 0 },
    { kind: 'momentum' as const, mu: 0.9, dampening: 0 },
    { kind: 'momentum' as const, mu: 0.5, dampening: 0.3 },
    { kind: 'nesterov' as const, mu: 0.9, dampening: 0 },
    { kind: 'nesterov' as const, mu: 0.6, dampening: 0.5 },
  ];
  it.each(cases)('$kind mu $mu dampening $dampening: stable just below lr·λ = c, unstable just above', ({ kind, mu, dampening }) => {
    const config = optimizerConfig(kind, kind === 'sgd' ? {} : { momentum: mu, dampening });
    const c = stabilityConstant(config)!;
    expect(finalDistance(kind, 0.98 * c, mu, dampening)).toBeLessThan(1e-6);
    expect(finalDistance(kind, 1.02 * c, mu, dampening)).toBeGreaterThan(1e6);
  });

  it('is 2, 2(1 + μ) and 2(1 + μ)/(1 + 2μ) for gd, heavy ball and Nesterov without dampening (Cohen et al. 2021)', () => {
    expect(stabilityConstant(optimizerConfig('gd'))).toBe(2);
    expect(stabilityConstant(optimizerConfig('momentum'))).toBeCloseTo(3.8, 12);
    expect(stabilityConstant(optimizerConfig('nesterov'))).toBeCloseTo(3.8 / 2.8, 12);
    expect(stabilityLimit(optimizerConfig('sgd'), 0.5)).toBe(4);
  });

  it('has no constant for updates not linear in the gradient', () => {
    for (const kind of ['adam', 'adamw', 'rmsprop', 'adagrad', 'signsgd', 'lion', 'precond-gd'] as const) {
      expect(stabilityConstant(optimizerConfig(kind))).toBeNull();
      expect(stabilityLimit(optimizerConfig(kind), 0.1)).toBeNull();
    }
  });
});

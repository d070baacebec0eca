// How much curvature an optimizer tolerates (SPEC §6): on a quadratic with curvature λ, gd, heavy-ball and
// Nesterov momentum at learning rate lr are stable iff lr·λ < c, a constant of the optimizer alone
// (Cohen et al. 2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability", §2 and
// their appendix on momentum). Sharpness is compared with c/lr, NTK-predicted training with c·n·o/(2 λ_max(Θ)).
import type { OptimizerConfig } from '../config/types.js';

/**
 * c such that the optimizer is stable on a quadratic of curvature λ iff lr·λ < c, or null when its update is
 * not linear in the gradient (adaptive and sign methods have no such constant). With a = lr·λ:
 * - gd/sgd: x ← (1 − a) x, stable iff a < 2.
 * - momentum (torch: b ← μ b + (1 − d) g, x ← x − lr b): the state (x, b) has characteristic polynomial
 *   z² − (1 + μ − a(1 − d)) z + μ, whose root reaches z = −1 at a(1 − d) = 2(1 + μ).
 * - nesterov (torch: x ← x − lr (g + μ b)): z² − (1 + μ − a(1 + μ − μd)) z + μ(1 − a), root at z = −1 when
 *   a = 2(1 + μ)/(1 + 2μ − μd); for d = 0 this is 2(1 + μ)/(1 + 2μ), well below heavy ball's 2(1 + μ).
 * torch's first momentum step copies g undampened; that transient does not change stability.
 */
export function stabilityConstant(config: OptimizerConfig): number | null {
  switch (config.kind) {
    case 'gd':
    case 'sgd':
      return 2;
    case 'momentum':
      return (2 * (1 + config.momentum)) / (1 - config.dampening);
    case 'nesterov': {
      const mu = config.momentum;
      return (2 * (1 + mu)) / (1 + 2 * mu - mu * config.dampening);
    }
    default:
      return null;
  }
}

/** The largest Hessian eigenvalue the optimizer tolerates at learning rate `lr`: stabilityConstant / lr, or null. */
export function stabilityLimit(config: OptimizerConfig, lr: number): number | null {
  const c = stabilityConstant(config);
  return c === null ? null : c / lr;
}

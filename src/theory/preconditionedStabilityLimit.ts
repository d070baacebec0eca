// How much preconditioned curvature an adaptive optimizer tolerates (SPEC §6; Cohen et al. 2022, "Adaptive
// Gradient Methods at the Edge of Stability"): with its preconditioner P frozen, the update is preconditioned
// heavy-ball or gd on P^{-1/2} H P^{-1/2}, stable iff that matrix's top eigenvalue stays below the limit here.
import type { OptimizerConfig } from '../config/types.js';

/**
 * The largest eigenvalue of P^{-1/2} H P^{-1/2} the optimizer tolerates at learning rate `lr`, or null for kinds
 * without a diagonal preconditioner. adam/adamw: its first moment is an exponential average, i.e. heavy ball
 * with μ = β1 and dampening β1 (its (1 − β1) g), so the momentum constant 2(1 + μ)/(1 − d) gives (2 + 2β1)/((1 − β1) lr);
 * rmsprop and adagrad have no momentum: 2/lr.
 */
export function preconditionedStabilityLimit(config: OptimizerConfig, lr: number): number | null {
  switch (config.kind) {
    case 'adam':
    case 'adamw':
      return (2 + 2 * config.beta1) / ((1 - config.beta1) * lr);
    case 'rmsprop':
    case 'adagrad':
      return 2 / lr;
    default:
      return null;
  }
}

// How much state each optimizer kind keeps beside the parameters (SPEC §4 "state size"): declared once here,
// for the optimizer's reported state_floats_per_param and for the cost estimate that sizes cohorts before
// anything is built.
import type { OptimizerKind } from '../config/types.js';

/**
 * Float32 values per parameter that each kind's recipe (src/optim/build.ts) keeps as moments: none for the
 * stateless ones, a trace or second moment for momentum, nesterov, rmsprop, adagrad and lion, both moments
 * for adam(w). precond-gd keeps no moments but a preconditioner per run (preconditionerFloats).
 */
export const MOMENT_FLOATS_PER_PARAM = {
  sgd: 0,
  gd: 0,
  signsgd: 0,
  'precond-gd': 0,
  momentum: 1,
  nesterov: 1,
  rmsprop: 1,
  adagrad: 1,
  lion: 1,
  adam: 2,
  adamw: 2,
} as const satisfies Record<OptimizerKind, number>;

/** precond-gd's (X~^T X~ / n + delta I)^-1 for `dim` features and the bias column: (d+1)^2 floats per run. */
export function preconditionerFloats(dim: number): number {
  return (dim + 1) ** 2;
}

/** Floats of optimizer state one run keeps: its moments for `params` parameters, or precond-gd's preconditioner. */
export function stateFloatsPerRun(kind: OptimizerKind, params: number, dim: number): number {
  return kind === 'precond-gd' ? preconditionerFloats(dim) : MOMENT_FLOATS_PER_PARAM[kind] * params;
}

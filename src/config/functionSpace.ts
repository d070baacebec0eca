// Which runs can be trained in function space (SPEC §6), as infinite-ntk is and metrics.ntk.predict follows: the
// config-level conditions of kernel dynamics. src/theory/kernelDynamics.ts runs them.
import type { FieldProblem } from './problems.js';
import type { OptimizerKind, RunConfig } from './types.js';

/** Optimizers whose update is linear in the gradient, so that parameter-space descent is a function-space recursion. */
export const FUNCTION_SPACE_OPTIMIZERS: readonly OptimizerKind[] = ['gd', 'sgd', 'momentum', 'nesterov'];

/** Why a run's training cannot be written as kernel dynamics, or null when it can (metrics.ntk.predict's refusal). */
export function kernelDynamicsRefusal(config: RunConfig): string | null {
  const { optimizer, train, model } = config;
  if (!FUNCTION_SPACE_OPTIMIZERS.includes(optimizer.kind)) {
    return `${optimizer.kind}'s update is not linear in the gradient, so it has no function-space form; use ${FUNCTION_SPACE_OPTIMIZERS.join(', ')}`;
  }
  if (optimizer.weight_decay !== 0) {
    return 'weight_decay pulls the parameters, not the predictions, so the dynamics leave function space; set weight_decay: 0';
  }
  if (train.loss !== 'mse') return `kernel dynamics are derived for the mse loss, not ${train.loss}; set train.loss: mse`;
  if (model.kind === 'ridge') return "ridge's penalty acts on the weights, not the predictions; use model.kind: linear";
  return null;
}

/** Why an infinite-ntk run cannot be trained, at the field to change: none for any other model kind. */
export function infiniteNtkProblems(run: Omit<RunConfig, 'name'>): FieldProblem[] {
  if (run.model.kind !== 'infinite-ntk') return [];
  const problems: FieldProblem[] = [];
  const { optimizer, train } = run;
  if (!FUNCTION_SPACE_OPTIMIZERS.includes(optimizer.kind)) {
    problems.push({
      path: ['optimizer', 'kind'],
      message: `expected ${FUNCTION_SPACE_OPTIMIZERS.join(', ')} for model kind infinite-ntk, got "${optimizer.kind}": the infinite-width network trains in function space, which needs an update linear in the gradient`,
      hint: "train this arm's finite networks only (model.kind: mlp), or use one of those optimizers",
    });
  }
  if (optimizer.weight_decay !== 0) {
    problems.push({
      path: ['optimizer', 'weight_decay'],
      message: `expected 0 for model kind infinite-ntk, got ${optimizer.weight_decay}: weight decay pulls on the weights, which the infinite-width network does not have`,
    });
  }
  if (train.loss !== undefined && train.loss !== 'mse') {
    problems.push({
      path: ['train', 'loss'],
      message: `expected mse for model kind infinite-ntk, got "${train.loss}": kernel dynamics are linear only for the squared error`,
      hint: 'set train.loss: mse (classification data is then fitted to one-hot targets)',
    });
  }
  return problems;
}

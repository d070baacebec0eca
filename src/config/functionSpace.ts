// Which runs can be trained in function space, as infinite-ntk is (SPEC §6): the config-level conditions of
// kernel dynamics, each refusal placed at the field that breaks it. src/theory/kernelDynamics.ts runs them.
import type { FieldProblem } from './problems.js';
import type { OptimizerKind, RunConfig } from './types.js';

/** Optimizers whose update is linear in the gradient, so that parameter-space descent is a function-space recursion. */
export const FUNCTION_SPACE_OPTIMIZERS: readonly OptimizerKind[] = ['gd', 'sgd', 'momentum', 'nesterov'];

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

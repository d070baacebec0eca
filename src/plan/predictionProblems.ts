// Why a run cannot have metrics.ntk.predict (SPEC §6), as a problem at `metrics.ntk.predict`: the kernel dynamics
// need an optimizer whose update is linear in the gradient, no weight decay, mse and no penalty
// (config/functionSpace.ts's kernelDynamicsRefusal), and an n x n kernel that fits (n_train <= 4096).
import { builtinCatalog } from '../config/catalog.js';
import type { FieldProblem } from '../config/problems.js';
import type { RunConfig } from '../config/types.js';
import { kernelDynamicsRefusal } from '../config/functionSpace.js';

/** The most training examples metrics.ntk.predict takes: its kernel holds n² floats per run (64 MiB at 4096). */
export const MAX_PREDICTED_EXAMPLES = 4096;

const PREDICT = ['metrics', 'ntk', 'predict'];

/**
 * The refusal when metrics.ntk.predict is true and the run's dynamics have no function-space form, or it has more
 * than MAX_PREDICTED_EXAMPLES training examples (when the config tells; a data file's rows are checked once read).
 * Metrics apply to every arm, so the message names the arm and says to train it without predict.
 */
export function predictionProblems(config: RunConfig, armIndex: number): FieldProblem[] {
  if (config.metrics.ntk?.predict !== true) return [];
  const problems: FieldProblem[] = [];
  const refusal = kernelDynamicsRefusal(config);
  if (refusal !== null) {
    problems.push({
      path: PREDICT,
      message:
        `arm "${config.optimizer.name}" (optimizers[${armIndex}]) cannot be predicted by kernel dynamics: ${refusal}; ` +
        'or set predict: false (metrics apply to every arm: train such an arm in a config of its own)',
    });
  }
  const examples = builtinCatalog.data.kinds.find((k) => k.kind === config.data.kind)?.trainExamples?.(config.data as unknown as Record<string, unknown>);
  if (examples !== undefined && examples > MAX_PREDICTED_EXAMPLES) problems.push(tooManyExamples(examples));
  return problems;
}

/** The problem of a training set too large for the n x n kernel. */
export function tooManyExamples(examples: number): FieldProblem {
  return {
    path: PREDICT,
    message: `expected at most ${MAX_PREDICTED_EXAMPLES} training examples (the kernel on the training set holds n² floats per run), got ${examples}: lower data.n_train or set predict: false`,
  };
}

// The datasets of the runs about to train, loaded (and checked against the runs' settings) before anything
// trains: what only the data can tell — a CSV's rows, a design's rank — is refused here, naming the field.
import type { Dataset } from '../data/types.js';
import { loadDataset } from '../data/load.js';
import { UserError } from '../lib/errors.js';
import { leastSquaresPreconditioner } from '../optim/leastSquaresPreconditioner.js';
import { MAX_PREDICTED_EXAMPLES, tooManyExamples } from '../plan/predictionProblems.js';
import type { PlannedRun } from '../plan/types.js';

/** True when X~^T X~ / n of the data (X with a column of ones) cannot be inverted: precond-gd then needs delta > 0. */
function designIsSingular(data: Dataset): boolean {
  try {
    leastSquaresPreconditioner({ xTrain: data.xTrain, nTrain: data.nTrain, dim: data.dim, modelKind: 'linear' }, [0]);
    return false;
  } catch {
    return true;
  }
}

/**
 * Throws a UserError naming the field when a run's settings cannot work on its data, which the config check could
 * not know (a CSV's rows are known once read): more NTK or Hessian points than training rows; metrics.ntk.predict on more than
 * MAX_PREDICTED_EXAMPLES rows; precond-gd with delta = 0 on a singular design (linearly dependent columns), which
 * would fail its whole cohort. `singular` is asked lazily.
 */
function refuseIfDataDoesNotFit(run: PlannedRun, data: Dataset, sources: string, singular: () => boolean): void {
  const points = run.config.metrics.ntk?.points;
  if (points !== undefined && points > data.nTrain) {
    throw new UserError(`${sources}: metrics.ntk.points: expected at most ${data.nTrain} (the training rows), got ${points}`);
  }
  const hessianPoints = run.config.metrics.sharpness?.points;
  if (typeof hessianPoints === 'number' && hessianPoints > data.nTrain) {
    throw new UserError(`${sources}: metrics.sharpness.points: expected at most ${data.nTrain} (the training rows), got ${hessianPoints}`);
  }
  if (run.config.metrics.ntk?.predict === true && data.nTrain > MAX_PREDICTED_EXAMPLES) {
    throw new UserError(`${sources}: metrics.ntk.predict: ${tooManyExamples(data.nTrain).message}`);
  }
  const { optimizer } = run.config;
  if (optimizer.kind === 'precond-gd' && optimizer.delta === 0 && singular()) {
    throw new UserError(
      `${sources}: optimizers[${run.armIndex}].delta: expected a number > 0 for this data (its columns, with the bias's column of ones, are linearly dependent, so X~^T X~ / n is singular), got 0`,
    );
  }
}

/** The key under which a run's dataset is loaded once and shared. */
export function datasetKey(run: PlannedRun): string {
  return JSON.stringify(run.config.data);
}

/**
 * Loads each distinct dataset of `runs` once (by datasetKey) and refuses a run whose settings its data cannot
 * satisfy; `sources` names the config file(s) in messages.
 */
export async function loadRunData(runs: PlannedRun[], sources: string): Promise<Map<string, Dataset>> {
  const datasets = new Map<string, Dataset>();
  // Whether each dataset's design is singular, computed once per dataset and only if a run needs to know.
  const singularDesigns = new Map<string, boolean>();
  for (const run of runs) {
    const key = datasetKey(run);
    if (!datasets.has(key)) datasets.set(key, await loadDataset(run.config.data));
    const data = datasets.get(key)!;
    refuseIfDataDoesNotFit(run, data, sources, () => {
      if (!singularDesigns.has(key)) singularDesigns.set(key, designIsSingular(data));
      return singularDesigns.get(key)!;
    });
  }
  return datasets;
}

// The summary columns a run of a config will have once trained (summary.csv's per-run columns, with the NTK,
// direction and sharpness finals), known before training so that a claim naming a missing column is refused up front.
import { builtinCatalog } from '../config/catalog.js';
import type { RunConfig } from '../config/types.js';
import { DIRECTION_FINAL_COLUMNS, NTK_FINAL_COLUMNS, PREDICTION_FINAL_COLUMNS, sharpnessFinalColumns, writesDirections } from '../output/metricFinals.js';
import {
  SUMMARY_ACCURACY_COLUMNS, SUMMARY_COST_COLUMNS, SUMMARY_FINAL_COLUMNS, SUMMARY_ID_COLUMNS, SUMMARY_LOSS_COLUMNS, SUMMARY_RUN_COLUMNS,
} from '../output/summary.js';

/** Ridge runs' extras (experiment/trainAndSave.ts's finalExtras). */
const RIDGE_COLUMNS = ['ridge_closed_form_objective', 'ridge_objective_gap', 'ridge_distance'] as const;
export function runColumns(config: RunConfig): string[] {
  // Classification runs log accuracies.
  const task = builtinCatalog.data.kinds.find((kind) => kind.kind === config.data.kind)?.task;
  return [
    ...SUMMARY_ID_COLUMNS,
    ...SUMMARY_RUN_COLUMNS,
    ...SUMMARY_LOSS_COLUMNS,
    ...(task === 'classification' ? [...SUMMARY_ACCURACY_COLUMNS.train_acc, ...SUMMARY_ACCURACY_COLUMNS.test_acc] : []),
    ...SUMMARY_FINAL_COLUMNS,
    ...(config.metrics.ntk !== undefined ? NTK_FINAL_COLUMNS : []),
    // infinite-ntk's curve is itself kernel dynamics: it has no separate prediction.
    ...(config.metrics.ntk?.predict === true && config.model.kind !== 'infinite-ntk' ? PREDICTION_FINAL_COLUMNS : []),
    ...(writesDirections(config) ? DIRECTION_FINAL_COLUMNS : []),
    ...sharpnessFinalColumns(config),
    ...(config.model.kind === 'ridge' ? RIDGE_COLUMNS : []),
    ...SUMMARY_COST_COLUMNS,
  ];
}

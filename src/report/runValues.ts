// One finished run's summary values: its summary.csv row, with the NTK and direction finals taken from its own
// ntk.csv and directions.csv.
import { directionFinals, ntkFinals } from '../output/metricFinals.js';
import { summaryTable, type TableCell } from '../output/summary.js';
import type { ExperimentRun } from './experiment.js';

export function runValues(run: ExperimentRun): Record<string, TableCell> {
  const [row] = summaryTable([], [run.record]).rows;
  return { ...row, ...ntkFinals(run.ntk), ...directionFinals(run.directions) };
}

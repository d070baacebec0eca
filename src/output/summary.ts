// summary.csv (one row per run: its swept fields, the other fields runs differ in, final/best values and its
// optimizer's hyperparameters) and curves.csv (every run's curve rows in tidy long format), the two
// experiment-level files of SPEC §3.
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Plan, SweptValue } from '../plan/types.js';
import { writeFileAtomically } from './atomic.js';
import { ACCURACY_CURVE_COLUMNS, curveColumnsOf } from './curveCsv.js';
import { formatNumber } from './numbers.js';
import { distinguishingFields, fieldValue, optimizerFields } from './runFields.js';
import type { CurveRow, RunRecord } from './types.js';

/** A value of a summary or curves table; null is "no value" (an empty cell). */
export type TableCell = SweptValue | null;

/** A table with named columns, ready to be written as CSV or shown in the terminal. */
export interface Table {
  columns: string[];
  rows: Record<string, TableCell>[];
}

/** Columns before the swept fields, in summary.csv and curves.csv alike. */
export const SUMMARY_ID_COLUMNS = ['run_id', 'arm'] as const;
/** Columns after the swept fields: `steps` is the last logged step. */
export const SUMMARY_RUN_COLUMNS = ['seed', 'status', 'diverged_at', 'steps'] as const;
/** Final (last curve row) and best (lowest finite) value of each loss. */
export const SUMMARY_LOSS_COLUMNS = [
  'final_train_loss', 'best_train_loss', 'final_test_loss', 'best_test_loss', 'final_objective', 'best_objective',
] as const;
/** Final and best (highest finite) accuracy, present only when some run logged that accuracy. */
export const SUMMARY_ACCURACY_COLUMNS = {
  train_acc: ['final_train_acc', 'best_train_acc'],
  test_acc: ['final_test_acc', 'best_test_acc'],
} as const;
/** Values whose last row is what matters (no "best" makes sense for them). */
export const SUMMARY_FINAL_COLUMNS = ['final_grad_norm', 'final_param_dist'] as const;
/** Columns after the (sorted) `extras` keys: what the run cost and where it ran. */
export const SUMMARY_COST_COLUMNS = [
  'param_count', 'state_floats_per_param', 'steps_per_second', 'wall_time_ms', 'backend',
] as const;
/** Columns of curves.csv before the swept fields and the curve columns. */
export const CURVES_ID_COLUMNS = ['run_id', 'arm', 'seed'] as const;

type AccuracyMetric = (typeof ACCURACY_CURVE_COLUMNS)[number];

/** The metric's value in the last logged row, null if there is none. */
function finalValue(curve: readonly CurveRow[], metric: keyof CurveRow): number | null {
  return curve.at(-1)?.[metric] ?? null;
}

/** The lowest (or highest) finite value of the metric over all rows, null if none is finite: a diverged run's best is over the rows before it blew up. */
function bestValue(curve: readonly CurveRow[], metric: keyof CurveRow, direction: 'min' | 'max'): number | null {
  let best: number | null = null;
  for (const row of curve) {
    const value = row[metric];
    if (value === undefined || value === null || !Number.isFinite(value)) continue;
    if (best === null || (direction === 'min' ? value < best : value > best)) best = value;
  }
  return best;
}

/** Accuracy metrics that some row of some record has. */
function accuracyMetricsOf(records: readonly RunRecord[]): AccuracyMetric[] {
  return ACCURACY_CURVE_COLUMNS.filter((metric) => records.some((record) => record.curve.some((row) => row[metric] !== undefined)));
}

/** Every `extras` key of any record, sorted. */
function extrasKeysOf(records: readonly RunRecord[]): string[] {
  return [...new Set(records.flatMap((record) => Object.keys(record.extras)))].sort();
}

/** The swept fields, then every other field in which the records' configs differ (output/runFields.ts): the columns that say which run is which. */
function fieldColumns(sweptFields: readonly string[], records: readonly RunRecord[]): string[] {
  return [...new Set([...sweptFields, ...distinguishingFields(records)])];
}

/** The optimizer hyperparameters not already among `fields`: written for every run, so a fixed lr or beta is in the file, not only swept ones. */
function hyperparameterColumns(fields: readonly string[], records: readonly RunRecord[]): string[] {
  return optimizerFields(records).filter((field) => !fields.includes(field));
}

/** The columns of summary.csv for these records, in order, given their field and hyperparameter columns. */
function summaryColumns(fields: readonly string[], hyperparameters: readonly string[], records: readonly RunRecord[]): string[] {
  return [
    ...SUMMARY_ID_COLUMNS,
    ...fields,
    ...SUMMARY_RUN_COLUMNS,
    ...SUMMARY_LOSS_COLUMNS,
    ...accuracyMetricsOf(records).flatMap((metric) => SUMMARY_ACCURACY_COLUMNS[metric]),
    ...SUMMARY_FINAL_COLUMNS,
    ...extrasKeysOf(records),
    ...SUMMARY_COST_COLUMNS,
    ...hyperparameters,
  ];
}

/** The columns of curves.csv for these records, in order, given their field and hyperparameter columns. */
function curvesColumns(fields: readonly string[], hyperparameters: readonly string[], records: readonly RunRecord[]): string[] {
  return [...CURVES_ID_COLUMNS, ...fields, ...curveColumnsOf(records.flatMap((record) => record.curve)), ...hyperparameters];
}

/** The run's value of each field: swept, else from its resolved config (a fixed value is written too); null where the run has no such field. */
function fieldCells(record: RunRecord, fields: readonly string[]): Record<string, TableCell> {
  return Object.fromEntries(fields.map((field) => [field, fieldValue(record, field) ?? null]));
}

/** One summary row: identity, fields, final/best values, extras and cost of a run, then its optimizer's hyperparameters. */
function summaryRow(record: RunRecord, fields: readonly string[], hyperparameters: readonly string[], accuracyMetrics: readonly AccuracyMetric[]): Record<string, TableCell> {
  const { curve } = record;
  const row: Record<string, TableCell> = {
    run_id: record.run_id,
    arm: record.arm,
    ...fieldCells(record, fields),
    seed: record.seed,
    status: record.status,
    diverged_at: record.diverged_at,
    steps: finalValue(curve, 'step'),
  };
  for (const metric of ['train_loss', 'test_loss', 'objective'] as const) {
    row[`final_${metric}`] = finalValue(curve, metric);
    row[`best_${metric}`] = bestValue(curve, metric, 'min');
  }
  for (const metric of accuracyMetrics) {
    row[`final_${metric}`] = finalValue(curve, metric);
    row[`best_${metric}`] = bestValue(curve, metric, 'max');
  }
  row.final_grad_norm = finalValue(curve, 'grad_norm');
  row.final_param_dist = finalValue(curve, 'param_dist');
  for (const [key, value] of Object.entries(record.extras)) row[key] = value;
  row.param_count = record.param_count;
  row.state_floats_per_param = record.state_floats_per_param;
  row.steps_per_second = record.steps_per_second;
  row.wall_time_ms = record.wall_time_ms;
  row.backend = record.backend;
  Object.assign(row, fieldCells(record, hyperparameters));
  return row;
}

/** The summary table: one row per record, in the order given. */
export function summaryTable(sweptFields: readonly string[], records: readonly RunRecord[]): Table {
  const accuracyMetrics = accuracyMetricsOf(records);
  const fields = fieldColumns(sweptFields, records);
  const hyperparameters = hyperparameterColumns(fields, records);
  return {
    columns: summaryColumns(fields, hyperparameters, records),
    rows: records.map((record) => summaryRow(record, fields, hyperparameters, accuracyMetrics)),
  };
}

/** The curves table: every curve row of every record, prefixed with the run's identity and swept fields. */
export function curvesTable(sweptFields: readonly string[], records: readonly RunRecord[]): Table {
  const fields = fieldColumns(sweptFields, records);
  const hyperparameters = hyperparameterColumns(fields, records);
  return {
    columns: curvesColumns(fields, hyperparameters, records),
    rows: records.flatMap((record) => {
      const prefix = { run_id: record.run_id, arm: record.arm, seed: record.seed, ...fieldCells(record, fields) };
      const suffix = fieldCells(record, hyperparameters);
      return record.curve.map((curveRow) => ({ ...prefix, ...curveRow, ...suffix }));
    }),
  };
}

/** How a cell is spelt in CSV: numbers at full precision, lists as JSON, no value as an empty cell. */
export function formatCell(value: TableCell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/** The CSV text of a table, header first. */
export function tableToCsv(table: Table): string {
  return stringify([table.columns, ...table.rows.map((row) => table.columns.map((column) => formatCell(row[column])))]);
}

/** Records sorted into the plan's run order; records of runs not in the plan follow, in the order given. */
function inPlanOrder(plan: Plan, records: readonly RunRecord[]): RunRecord[] {
  const position = new Map(plan.runs.map((run, index) => [run.id, index]));
  const rank = (record: RunRecord): number => position.get(record.run_id) ?? plan.runs.length;
  return [...records].sort((a, b) => rank(a) - rank(b));
}

/** Writes `<outDir>/summary.csv` and `<outDir>/curves.csv` atomically, runs in plan order, following no link out of `outDir`. */
export async function writeSummary(outDir: string, plan: Plan, records: readonly RunRecord[]): Promise<void> {
  const ordered = inPlanOrder(plan, records);
  await writeFileAtomically(join(outDir, 'summary.csv'), tableToCsv(summaryTable(plan.sweptFields, ordered)), { noLinksFrom: outDir });
  await writeFileAtomically(join(outDir, 'curves.csv'), tableToCsv(curvesTable(plan.sweptFields, ordered)), { noLinksFrom: outDir });
}

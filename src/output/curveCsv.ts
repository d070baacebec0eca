// curve.csv: one row per logged step, CURVE_COLUMNS first, then the accuracy columns of classification runs and
// the NTK-predicted losses of runs with metrics.ntk.predict.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CURVE_COLUMNS, type CurveRow } from './types.js';
import { formatNumber, parseNumber } from './numbers.js';

/** Curve columns only classification runs have. */
export const ACCURACY_CURVE_COLUMNS = ['train_acc', 'test_acc'] as const;
/** Curve columns only runs with metrics.ntk.predict have: the losses kernel dynamics predicts at the step. */
export const PREDICTED_CURVE_COLUMNS = ['ntk_pred_train_loss', 'ntk_pred_test_loss'] as const;
/** Curve columns some runs lack; a file holds each one only when some row has it (an empty cell in the rows without). */
export const OPTIONAL_CURVE_COLUMNS = [...ACCURACY_CURVE_COLUMNS, ...PREDICTED_CURVE_COLUMNS] as const;

export type CurveColumn = (typeof CURVE_COLUMNS)[number] | (typeof OPTIONAL_CURVE_COLUMNS)[number];

/** The columns needed to hold `rows`: CURVE_COLUMNS plus each optional column that some row has. */
export function curveColumnsOf(rows: readonly CurveRow[]): CurveColumn[] {
  const optional = OPTIONAL_CURVE_COLUMNS.filter((column) => rows.some((row) => row[column] !== undefined));
  return [...CURVE_COLUMNS, ...optional];
}

/** Columns a model without parameters (infinite-ntk) has no value for: null in a row, an empty cell in the file. */
const NULLABLE_CURVE_COLUMNS: ReadonlySet<string> = new Set(['grad_norm', 'update_norm', 'param_dist'] satisfies (keyof CurveRow)[]);

/** The text of curve.csv for `rows` (an optional value a row lacks, or a null one, is an empty cell). */
export function curveToCsv(rows: readonly CurveRow[]): string {
  const columns = curveColumnsOf(rows);
  const cells = rows.map((row) => columns.map((column) => {
    const value = row[column];
    return value === undefined || value === null ? '' : formatNumber(value);
  }));
  return stringify([columns, ...cells]);
}

/** Parses the text of a curve.csv back into rows; throws if a required column or a number is missing or malformed. */
export function curveFromCsv(text: string): CurveRow[] {
  const records: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true });
  return records.map((record) => {
    const row = {} as CurveRow;
    for (const column of CURVE_COLUMNS) {
      const cell = record[column];
      if (cell === undefined) throw new Error(`curve.csv has no column "${column}"`);
      (row as unknown as Record<string, number | null>)[column] = cell === '' && NULLABLE_CURVE_COLUMNS.has(column) ? null : parseNumber(cell);
    }
    for (const column of OPTIONAL_CURVE_COLUMNS) {
      const cell = record[column];
      if (cell !== undefined && cell !== '') row[column] = parseNumber(cell);
    }
    return row;
  });
}

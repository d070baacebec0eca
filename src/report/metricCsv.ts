// The optional per-run metric files beside curve.csv: ntk.csv (one row per NTK evaluation),
// directions.csv (long format: the error along each eigen-direction of a linear model) and sharpness.csv, SPEC §3, §6.
import { parse } from 'csv-parse/sync';
import { DataError } from '../lib/errors.js';
import {
  DIRECTION_COLUMNS, NTK_COLUMNS, NULLABLE_DIRECTION_COLUMNS, NULLABLE_NTK_COLUMNS, NULLABLE_SHARPNESS_COLUMNS, SHARPNESS_COLUMNS,
  type DirectionRow, type NtkRow, type SharpnessRow,
} from '../output/metricRows.js';
import { parseNumber } from '../output/numbers.js';

/**
 * Parses CSV text whose header holds every one of `columns` (others are ignored); a DataError names `file` and the
 * line otherwise. A `nullable` column may be empty or absent: null.
 */
function parseNumericCsv<Column extends string>(
  text: string,
  columns: readonly Column[],
  file: string,
  nullable: readonly string[] = [],
): Record<Column, number | null>[] {
  const records: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true });
  return records.map((record, index) => {
    const row = {} as Record<Column, number | null>;
    for (const column of columns) {
      const cell = record[column];
      if (nullable.includes(column) && (cell === undefined || cell === '')) {
        row[column] = null;
        continue;
      }
      if (cell === undefined) throw new DataError({ file }, `no column "${column}"`);
      try {
        row[column] = parseNumber(cell);
      } catch {
        // Line 1 is the header, so data row `index` sits on line index + 2.
        throw new DataError({ file, line: index + 2 }, `"${cell}" in column "${column}" is not a number`);
      }
    }
    return row;
  });
}

/** The rows of an ntk.csv file's text. */
export function ntkFromCsv(text: string, file = 'ntk.csv'): NtkRow[] {
  return parseNumericCsv(text, NTK_COLUMNS, file, NULLABLE_NTK_COLUMNS) as NtkRow[];
}

/** The rows of a directions.csv file's text. */
export function directionsFromCsv(text: string, file = 'directions.csv'): DirectionRow[] {
  return parseNumericCsv(text, DIRECTION_COLUMNS, file, NULLABLE_DIRECTION_COLUMNS) as DirectionRow[];
}

/** The rows of a sharpness.csv file's text: the limits and the preconditioned sharpness may be empty (undefined for the run's optimizer). */
export function sharpnessFromCsv(text: string, file = 'sharpness.csv'): SharpnessRow[] {
  return parseNumericCsv(text, SHARPNESS_COLUMNS, file, NULLABLE_SHARPNESS_COLUMNS) as SharpnessRow[];
}

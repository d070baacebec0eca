// The `csv` dataset: a numeric regression target and feature columns read from a train and a test
// CSV file, with every problem reported as a DataError naming the file and its physical line.
//
// Format: a header row (required) names the columns; `target` names the target column and every
// other column is a feature, in header order. The test file must have the same set of column names,
// in any order: its columns are matched by name. Fields may be quoted; CRLF, LF or CR line ends and
// a UTF-8 byte-order mark are accepted; whitespace around fields is ignored; blank lines are skipped.
// Every cell must be a decimal number (`3`, `-0.5`, `1e-3`) representable in float32.
import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { closest, distance } from 'fastest-levenshtein';
import type { CsvData } from '../config/types.js';
import { DataError } from '../lib/errors.js';
import type { Dataset } from './types.js';

/** One data record and the 1-based physical line it starts on. */
interface CsvRow {
  line: number;
  cells: string[];
}

/** A parsed CSV file: its header and data rows, still as text. */
interface CsvTable {
  file: string;
  headerLine: number;
  header: string[];
  rows: CsvRow[];
}

/** Loads the `csv` dataset of SPEC.md §5 (not standardized: see loadDataset). */
export async function loadCsvDataset(cfg: CsvData): Promise<Dataset> {
  const train = await readCsvTable(cfg.train);
  const targetIndex = train.header.indexOf(cfg.target);
  if (targetIndex < 0) {
    const hint = didYouMean(cfg.target, train.header);
    throw new DataError(
      { file: train.file, line: train.headerLine },
      `no target column "${cfg.target}" in the header (columns: ${train.header.join(', ')})${hint ? `; did you mean "${hint}"?` : ''}`,
    );
  }
  const featureNames = train.header.filter((_, j) => j !== targetIndex);
  if (featureNames.length === 0) {
    throw new DataError({ file: train.file, line: train.headerLine }, `no feature columns besides the target "${cfg.target}"`);
  }
  // Each row's values: the features in train-header order, then the target.
  const columnOrder = [...featureNames, cfg.target];
  const trainValues = numericMatrix(train, columnOrder.map((name) => train.header.indexOf(name)));

  const test = await readCsvTable(cfg.test);
  const testValues = numericMatrix(test, columnsByName(test, train.header, columnOrder));
  const d = featureNames.length;
  return {
    task: 'regression',
    dim: d,
    outputs: 1,
    nTrain: train.rows.length,
    nTest: test.rows.length,
    xTrain: featureBlock(trainValues, d),
    yTrain: targetColumn(trainValues, d),
    xTest: featureBlock(testValues, d),
    yTest: targetColumn(testValues, d),
    featureNames,
  };
}

/** Reads and tokenizes one CSV file, checking the header and that every row has the header's width. */
async function readCsvTable(file: string): Promise<CsvTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new DataError({ file }, `cannot read the file: ${describeReadError(err)}`);
  }

  const lineAt = physicalLineCounter(bytes);
  const records: CsvRow[] = [];
  // csv-parse's own line count is off for CRLF inside quoted fields, so lines are counted here from
  // byte offsets: each record starts where the previous one's bytes ended. Records are collected in
  // on_record, which runs as each is parsed, so the offset is known even when a later record fails.
  let recordStart = 0;
  try {
    parse(bytes, {
      bom: true,
      relax_column_count: true,
      trim: true,
      on_record: (record: string[], context) => {
        const line = lineAt(recordStart);
        recordStart = context.bytes;
        const blank = record.length === 1 && record[0] === '';
        if (!blank) records.push({ line, cells: record });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) throw new DataError({ file, line: lineAt(recordStart) }, describeCsvError(err));
    throw err;
  }

  if (records.length === 0) throw new DataError({ file, line: 1 }, 'the file is empty (expected a header row naming the columns)');
  const [headerRow, ...rows] = records;
  const header = headerRow.cells;
  const headerLine = headerRow.line;
  header.forEach((name, j) => {
    if (name === '') throw new DataError({ file, line: headerLine }, `column ${j + 1} of the header has no name`);
    const first = header.indexOf(name);
    if (first !== j) throw new DataError({ file, line: headerLine }, `duplicate column name "${name}" (columns ${first + 1} and ${j + 1})`);
  });
  if (rows.length === 0) throw new DataError({ file, line: headerLine }, 'the file has a header but no data rows');
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      throw new DataError({ file, line: row.line }, `expected ${header.length} fields (as in the header), got ${row.cells.length}`);
    }
  }
  return { file, headerLine, header, rows };
}

/** For each wanted name, its column index in `table`, which must hold exactly the reference header's names. */
function columnsByName(table: CsvTable, reference: string[], wanted: string[]): number[] {
  const missing = reference.filter((name) => !table.header.includes(name));
  const extra = table.header.filter((name) => !reference.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}`);
    if (extra.length > 0) parts.push(`column(s) ${extra.map((m) => `"${m}"`).join(', ')} not in the train file`);
    throw new DataError({ file: table.file, line: table.headerLine }, `${parts.join('; ')} (the train file's columns: ${reference.join(', ')})`);
  }
  return wanted.map((name) => table.header.indexOf(name));
}

// A plain decimal number: rejects hex, `Infinity`, `NaN` and the empty string, which Number() accepts.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Row-major [rows, columns.length] float64 values of the chosen columns, each cell checked. */
function numericMatrix(table: CsvTable, columns: number[]): Float64Array {
  const width = columns.length;
  const values = new Float64Array(table.rows.length * width);
  table.rows.forEach((row, i) => {
    columns.forEach((column, j) => {
      const text = row.cells[column];
      const name = table.header[column];
      const where = { file: table.file, line: row.line };
      if (text === '') throw new DataError(where, `empty value in column "${name}"`);
      if (!DECIMAL.test(text)) throw new DataError(where, `"${text}" in column "${name}" is not a finite number`);
      const value = Number(text);
      if (!Number.isFinite(Math.fround(value))) throw new DataError(where, `${text} in column "${name}" is outside the float32 range`);
      values[i * width + j] = value;
    });
  });
  return values;
}

/** The first d of each row's d + 1 values (features), as float32. */
function featureBlock(values: Float64Array, d: number): Float32Array {
  const rows = values.length / (d + 1);
  const x = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) x[i * d + j] = values[i * (d + 1) + j];
  return x;
}

/** The last of each row's d + 1 values (the target), as float32. */
function targetColumn(values: Float64Array, d: number): Float32Array {
  const rows = values.length / (d + 1);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = values[i * (d + 1) + d];
  return y;
}

/**
 * Maps byte offsets, asked for in increasing order, to 1-based physical lines; a line ends at LF,
 * CRLF or a lone CR, as csv-parse's record delimiter detection accepts all three.
 */
function physicalLineCounter(bytes: Uint8Array): (offset: number) => number {
  const LF = 0x0a;
  const CR = 0x0d;
  let scanned = 0;
  let line = 1;
  return (offset) => {
    for (; scanned < offset; scanned++) {
      const c = bytes[scanned];
      if (c === LF || (c === CR && bytes[scanned + 1] !== LF)) line++;
    }
    return line;
  };
}

/** Why a file could not be read, in words for the common cases. */
function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(err);
}

/** csv-parse's tokenizer errors in words, without its own line count (reported separately). */
function describeCsvError(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field starting in this record is never closed (missing ")';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote (") inside an unquoted field; quote the whole field and double inner quotes ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after the closing quote of a field; double a quote that belongs inside the field ("")';
    default:
      return err.message;
  }
}

/** The candidate closest to a misspelt name, when it is close enough to be a plausible typo. */
function didYouMean(name: string, candidates: string[]): string | undefined {
  const sameIgnoringCase = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
  if (sameIgnoringCase) return sameIgnoringCase;
  const best = closest(name, candidates);
  // At most one edit per three characters (and at least one) reads as a typo rather than another name.
  return distance(name, best) <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

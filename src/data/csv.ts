// The `csv` dataset: a numeric regression target and feature columns read from a train and a test
// CSV file, with every problem reported as a DataError naming the file and its physical line.
//
// Format: a header row (required) names the columns; `target` names the target column and every
// other column is a feature, in header order. The test file must have the same set of column names,
// in any order: its columns are matched by name. Fields may be quoted; CRLF, LF or CR line ends (mixed
// too) and a UTF-8 byte-order mark are accepted (UTF-16 files are refused, saying how to convert them);
// whitespace around fields, inside quotes too, is ignored; blank lines are skipped.
//
// Every cell must be a finite decimal number (`3`, `-0.5`, `1e-3`) within the float32 range. Empty
// cells, `NaN`, `Inf` and the like are refused, not dropped or imputed: which rows or values to drop or
// fill in is a modelling choice, and one made silently would change the data a user thinks they train
// on. The message names the file, line, column and text, and says what to do.
//
// Files are streamed: each row's numbers go straight into float32 blocks (the dataset is float32 on
// the device), so a million-row file needs about twice its float32 size in memory, not its text nor
// an array of rows. Nothing is returned until both files have loaded without a problem.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type InfoRecord, type Options } from 'csv-parse';
import { closest, distance } from 'fastest-levenshtein';
import { readErrorReason } from '../config/fileAccess.js';
import type { CsvData } from '../config/types.js';
import { DataError } from '../lib/errors.js';
import { Float32Blocks } from './float32Blocks.js';
import { PhysicalLines } from './physicalLines.js';
import type { Dataset } from './types.js';

/** Which header columns are the features (in dataset order) and which is the target. */
interface ColumnChoice {
  features: number[];
  target: number;
}

/** The numbers of one file, in dataset order: row-major features [rows, d] and the target [rows]. */
interface NumericTable {
  names: string[];
  rows: number;
  x: Float32Array;
  y: Float32Array;
}

/** Loads the `csv` dataset of SPEC.md §5 (not standardized: see loadDataset). */
export async function loadCsvDataset(cfg: CsvData): Promise<Dataset> {
  let featureNames: string[] = [];
  const train = await readNumericCsv(cfg.train, (names) => {
    const target = names.indexOf(cfg.target);
    if (target < 0) {
      const hint = didYouMean(cfg.target, names);
      return `no target column "${cfg.target}" in the header (columns: ${names.join(', ')})${hint ? `; did you mean "${hint}"?` : ': set data.target to one of them'}`;
    }
    featureNames = names.filter((_, j) => j !== target);
    if (featureNames.length === 0) return `no feature columns besides the target "${cfg.target}"`;
    return { features: featureNames.map((name) => names.indexOf(name)), target };
  });
  const test = await readNumericCsv(cfg.test, (names) => {
    const mismatch = columnMismatch(names, train.names);
    if (mismatch !== undefined) return mismatch;
    return { features: featureNames.map((name) => names.indexOf(name)), target: names.indexOf(cfg.target) };
  });
  return {
    task: 'regression',
    dim: featureNames.length,
    outputs: 1,
    nTrain: train.rows,
    nTest: test.rows,
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    featureNames,
  };
}

/**
 * A record longer than this many characters is not a table row (a binary file, or a quote left open
 * that swallows the rest of the file); stopping there keeps memory bounded.
 */
const MAX_RECORD_CHARACTERS = 4 * 1024 * 1024;

/** How both passes over a file read it, so that they see the same records. */
const CSV_OPTIONS: Options = {
  bom: true,
  // Every line end is a record end, so files with mixed CRLF and LF lines read right (csv-parse
  // otherwise keeps the first line end it sees and reads the others as text inside fields).
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  trim: true,
  max_record_size: MAX_RECORD_CHARACTERS,
};

/** A problem with one record of a file (0-based, blank lines counted), found while streaming it. */
class RecordProblem extends Error {
  constructor(
    readonly record: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/**
 * Streams `file`, checks its header and passes its names to `chooseColumns` (which returns the
 * columns to keep, or what is wrong with them), then checks each data row and stores the chosen
 * columns' numbers as float32. Records are counted, not located, on the way: the physical line of a
 * problem is found by a second pass (`lineOfRecord`), so loading a good file pays nothing for it.
 */
async function readNumericCsv(file: string, chooseColumns: (names: string[]) => ColumnChoice | string): Promise<NumericTable> {
  const x = new Float32Blocks();
  const y = new Float32Blocks();
  let names: string[] | undefined;
  let headerRecord = 0;
  let columns: ColumnChoice | undefined;
  let rows = 0;
  let blankLines = 0;

  /** Takes one record: a blank line, the header or a data row; returns what is wrong with it, if anything. */
  const take = (record: string[], index: number): string | undefined => {
    if (record.length === 1 && record[0] === '') {
      blankLines++;
      return undefined;
    }
    if (names === undefined || columns === undefined) {
      // Names are trimmed inside quotes too, as numbers are: `"price "` names the column `price`.
      names = record.map((name) => name.trim());
      headerRecord = index;
      const choice = headerProblem(names) ?? chooseColumns(names);
      if (typeof choice === 'string') return choice;
      columns = choice;
      return undefined;
    }
    if (record.length !== names.length) return raggedRow(names.length, record.length);
    for (const column of columns.features) {
      const value = cellValue(record[column], names[column]);
      if (typeof value === 'string') return value;
      x.push(value);
    }
    const value = cellValue(record[columns.target], names[columns.target]);
    if (typeof value === 'string') return value;
    y.push(value);
    rows++;
    return undefined;
  };

  try {
    if (await startsWithUtf16Mark(file)) throw new DataError({ file, line: 1 }, 'the file is UTF-16 text: save it as UTF-8 (in Excel: "CSV UTF-8")');
    // The last stage is an async generator that yields nothing rather than an async function: with an
    // async function, pipeline rejects with an AbortError instead of the RecordProblem thrown.
    await pipeline(createReadStream(file), parse(CSV_OPTIONS), async function* (records: AsyncIterable<string[]>) {
      let index = 0;
      for await (const record of records) {
        const problem = take(record, index);
        if (problem !== undefined) throw new RecordProblem(index, problem);
        index++;
      }
    });
  } catch (err) {
    if (err instanceof DataError) throw err;
    if (err instanceof RecordProblem) throw new DataError({ file, line: await lineOfRecord(file, err.record) }, err.problem);
    // A CsvError's `records` counts the records before the one that failed.
    if (err instanceof CsvError) throw new DataError({ file, line: await lineOfRecord(file, Number(err.records)) }, describeCsvError(err));
    throw new DataError({ file }, `cannot read the file: ${readErrorReason(err)}`);
  }

  if (names === undefined) {
    const problem = blankLines > 0 ? 'the file has only blank lines' : 'the file is empty';
    throw new DataError({ file, line: 1 }, `${problem} (expected a header row naming the columns)`);
  }
  if (rows === 0) throw new DataError({ file, line: await lineOfRecord(file, headerRecord) }, 'the file has a header but no data rows');
  return { names, rows, x: x.toArray(), y: y.toArray() };
}

/**
 * The 1-based physical line where record `index` of `file` starts (blank lines counted as records),
 * read again from the start with csv-parse's byte offset of each record; undefined if the file no
 * longer has that record (it changed since the first pass).
 */
async function lineOfRecord(file: string, index: number): Promise<number | undefined> {
  const lines = new PhysicalLines();
  const found = new Error('found the record');
  let count = 0;
  let line: number | undefined;
  // Each record starts where the previous one's bytes (its line end included) stopped.
  let recordStart = 0;
  const onRecord = (_record: string[], context: InfoRecord): null => {
    // Asked for every record, not just the one sought, so that PhysicalLines can let go of the bytes.
    line = lines.lineAt(recordStart);
    if (count === index) throw found;
    count++;
    recordStart = context.bytes;
    return null;
  };
  try {
    await pipeline(createReadStream(file), lines, parse({ ...CSV_OPTIONS, on_record: onRecord }));
  } catch (err) {
    if (err === found) return line;
    if (err instanceof CsvError && count === index) return lines.lineAt(recordStart);
  }
  return undefined;
}

/**
 * Whether the file opens with a UTF-16 byte-order mark. Such files are refused rather than read:
 * physical lines are counted in bytes, which is right for UTF-8 but not for two-byte code units.
 */
async function startsWithUtf16Mark(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff));
  } finally {
    await handle.close();
  }
}

/** What is wrong with a header's column names (each must be non-empty and unique), if anything. */
function headerProblem(names: string[]): string | undefined {
  for (let j = 0; j < names.length; j++) {
    const name = names[j];
    if (name === '') {
      if (j === names.length - 1 && j > 0) {
        return `the header ends with a comma, so its last column (${j + 1}) has no name: remove the trailing comma from every line, or name the column`;
      }
      return `column ${j + 1} of the header has no name: name it, or delete the column from every line`;
    }
    const first = names.indexOf(name);
    if (first !== j) return `duplicate column name "${name}" (columns ${first + 1} and ${j + 1}): rename one of them`;
  }
  return undefined;
}

/** What differs between `names` and the reference (train) file's column names, which must match in any order. */
function columnMismatch(names: string[], reference: string[]): string | undefined {
  const missing = reference.filter((name) => !names.includes(name));
  const extra = names.filter((name) => !reference.includes(name));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [];
  if (missing.length > 0) parts.push(`missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}`);
  if (extra.length > 0) parts.push(`column(s) ${extra.map((m) => `"${m}"`).join(', ')} not in the train file`);
  return `${parts.join('; ')} (the train file's columns: ${reference.join(', ')})`;
}

/** A row whose field count differs from the header's, with the usual cause. */
function raggedRow(expected: number, got: number): string {
  const cause = got > expected ? 'quote fields that contain a comma' : 'every row needs a value in each column';
  return `expected ${expected} fields (as in the header), got ${got}: ${cause}`;
}

// A plain decimal number: rejects hex, `Infinity`, `NaN` and the empty string, which Number() accepts.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Spellings of a missing or infinite value (pandas, R, spreadsheets), answered with what to do about them.
const MISSING_OR_INFINITE = /^(?:[+-]?(?:nan|inf|infinity)|na|n\/a|null|none)$/i;

/** The number in one cell, or what is wrong with it and what to do (a string). */
function cellValue(cell: string, column: string): number | string {
  // Quoted fields keep their inner spaces (trim only strips them outside the quotes).
  const text = cell.trim();
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (Number.isFinite(Math.fround(value))) return value;
    return `${text} in column "${column}" is outside the float32 range (about ±3.4e38): rescale the column`;
  }
  if (text === '') return `empty value in column "${column}": cells must be finite numbers; drop or impute the rows with missing values`;
  if (MISSING_OR_INFINITE.test(text)) {
    return `"${text}" in column "${column}" is not a finite number: drop or impute the rows with missing or infinite values`;
  }
  return `"${text}" in column "${column}" is not a finite number: cells must be decimals like 3, -0.5 or 1e-3; encode the column as numbers, or drop it`;
}

/** csv-parse's tokenizer errors in words, without its own line count (reported separately). */
function describeCsvError(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field starting in this record is never closed (missing ")';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote (") inside an unquoted field; quote the whole field and double inner quotes ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
    // With `trim`, text after a closing quote is reported under this code instead.
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text after the closing quote of a field; double a quote that belongs inside the field ("")';
    case 'CSV_MAX_RECORD_SIZE':
      return `a record starting here is longer than ${MAX_RECORD_CHARACTERS} characters: is this a CSV file, or is a quote (") left open?`;
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

// Fuzz: the csv dataset through the public loader (loadDataset), so it holds for any correct CSV reader.
// Random bytes and CSV-like text either load or are refused with a DataError naming the file and a line;
// generated tables load to exactly their float32 values, and one bad cell is reported at its own line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataConfig } from '../../src/config/types.js';
import { loadDataset } from '../../src/data/load.js';
import type { Dataset } from '../../src/data/types.js';
import { DataError } from '../../src/lib/errors.js';
import { checkUserError } from './userMessages.js';

/** Fixed so that CI sees the same cases every time; fast-check prints the seed and path of a failure to replay it. */
const SEED = 20_261_129;

const folder = mkdtempSync(join(tmpdir(), 'optlab-fuzz-csv-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const TRAIN = join(folder, 'train.csv');
const TEST = join(folder, 'test.csv');
const config: DataConfig = { kind: 'csv', train: TRAIN, test: TEST, target: 'y', standardize: false };

/** Loads the two files; the dataset, or the DataError that refused them. */
async function load(train: string | Uint8Array, test: string | Uint8Array): Promise<Dataset | DataError> {
  writeFileSync(TRAIN, train);
  writeFileSync(TEST, test);
  try {
    return await loadDataset(config);
  } catch (error) {
    checkUserError(error);
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
}

/** A refusal names one of the two files and a line in it. */
function expectLocated(error: DataError): void {
  expect([TRAIN, TEST]).toContain(error.location.file);
  expect(Number.isInteger(error.location.line) && error.location.line! >= 1, error.message).toBe(true);
}

/** A loaded dataset is consistent: shapes agree and every value is a finite float32. */
function expectConsistent(data: Dataset): void {
  expect(data.nTrain).toBeGreaterThan(0);
  expect(data.nTest).toBeGreaterThan(0);
  expect(data.xTrain).toHaveLength(data.nTrain * data.dim);
  expect(data.yTrain).toHaveLength(data.nTrain * data.outputs);
  expect(data.xTest).toHaveLength(data.nTest * data.dim);
  for (const values of [data.xTrain, data.yTrain, data.xTest, data.yTest]) expect(values.every(Number.isFinite)).toBe(true);
}

/** Tokens of CSV-like text: separators, quotes, line ends, BOM, numbers and what is not a number. */
const csvToken = fc.constantFrom(
  ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', '\ufeff', ' ', '\t', '1', '2.5', '-3e2', '.5', '0', 'NaN', 'nan', 'inf', '-Infinity', '1e39', '0x1',
  'a', 'b', 'y', 'y', 'x', '', '\u0000', 'é', '"1,5"', '"a\nb"', '1e-50',
);
/** Two-column rows of mostly numbers, with now and then a token that damages them. */
const cell = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('1', '2.5', '-3e2', '.5', '0', '1e-50', ' 7 ', '"4"') }, { weight: 1, arbitrary: csvToken });
const rowsText = fc
  .array(fc.tuple(cell, fc.oneof({ weight: 8, arbitrary: fc.constant(',') }, { weight: 1, arbitrary: csvToken }), cell, fc.constantFrom('\n', '\r\n', '\n\n')), { minLength: 1, maxLength: 8 })
  .map((rows) => rows.map((row) => row.join('')).join(''));
const csvLikeText = fc.oneof(fc.array(csvToken, { maxLength: 60 }).map((tokens) => tokens.join('')), rowsText);
const VALID_TEST = 'a,y\n1,2\n';

describe('fuzzing CSV files', () => {
  it('loads or refuses random bytes and CSV-like text, naming the file and line', async () => {
    const outcomes = { loaded: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(csvLikeText, fc.uint8Array({ maxLength: 80 })),
        fc.oneof({ weight: 3, arbitrary: fc.constant(VALID_TEST) }, { weight: 1, arbitrary: csvLikeText }),
        fc.boolean(),
        async (train, test, withHeader) => {
          // A header that fits VALID_TEST half of the time, so that the train file's rows are read too.
          const result = await load(withHeader && typeof train === 'string' ? `a,y\n${train}` : train, test);
          if (result instanceof DataError) {
            expectLocated(result);
            outcomes.refused++;
          } else {
            expectConsistent(result);
            outcomes.loaded++;
          }
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
    // Both outcomes are reached (a generator that only ever fails would prove little).
    expect(outcomes.loaded).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  }, 60_000);

  /** Any finite float32; -0 as 0, since String(-0) is "0". */
  const float32 = fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
  /** A table of float32 values: rows of features then target. */
  const table = fc.integer({ min: 1, max: 3 }).chain((features) =>
    fc.array(fc.array(float32, { minLength: features + 1, maxLength: features + 1 }), { minLength: 1, maxLength: 6 }),
  );
  /** How a table is written: line ends, a BOM, quoting, number spelling, a final line end. */
  const layout = fc.record({
    lineEnd: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    quoted: fc.boolean(),
    exponent: fc.boolean(),
    finalLineEnd: fc.boolean(),
  });
  type Layout = { lineEnd: string; bom: boolean; quoted: boolean; exponent: boolean; finalLineEnd: boolean };

  function writeTable(rows: string[][], names: string[], how: Layout): string {
    const cell = (text: string) => (how.quoted ? `"${text}"` : text);
    const lines = [names, ...rows].map((row) => row.map(cell).join(','));
    return `${how.bom ? '\ufeff' : ''}${lines.join(how.lineEnd)}${how.finalLineEnd ? how.lineEnd : ''}`;
  }

  function spell(value: number, how: Layout): string {
    // Both spellings parse back to exactly `value` (a double), which is a float32.
    return how.exponent ? value.toExponential() : String(value);
  }

  it('loads generated tables to exactly their float32 values, however they are written', async () => {
    await fc.assert(
      fc.asyncProperty(table, layout, async (rows, how) => {
        const features = rows[0].length - 1;
        const names = [...Array.from({ length: features }, (_, j) => `f${j}`), 'y'];
        const text = writeTable(rows.map((row) => row.map((v) => spell(v, how))), names, how);
        const data = await load(text, text);
        if (data instanceof DataError) throw new Error(`refused a valid table: ${data.message}\n${JSON.stringify(text)}`);
        expect(data.featureNames).toEqual(names.slice(0, features));
        expect(Array.from(data.xTrain)).toEqual(rows.flatMap((row) => row.slice(0, features)));
        expect(Array.from(data.yTrain)).toEqual(rows.map((row) => row[features]));
        expect(data.nTest).toBe(rows.length);
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, 60_000);

  it('refuses a table with one bad cell at the line of that cell', async () => {
    const badCell = fc.constantFrom('', 'NaN', 'nan', 'Infinity', '-inf', 'abc', '1e39', '-1e39', '0x10', '1,5', '1.2.3', '--1', '½');
    await fc.assert(
      fc.asyncProperty(table, layout, badCell, fc.nat(), fc.nat(), async (rows, how, bad, r, c) => {
        const features = rows[0].length - 1;
        const names = [...Array.from({ length: features }, (_, j) => `f${j}`), 'y'];
        const cells = rows.map((row) => row.map((v) => spell(v, how)));
        const row = r % rows.length;
        // A cell holding a comma must be quoted to stay one cell.
        cells[row][c % (features + 1)] = bad.includes(',') && !how.quoted ? `"${bad}"` : bad;
        const result = await load(writeTable(cells, names, how), writeTable(rows.map((values) => values.map(String)), names, how));
        expect(result).toBeInstanceOf(DataError);
        const error = result as DataError;
        // The header is line 1; data row k (from 0) is line k + 2.
        expect(error.location).toMatchObject({ file: TRAIN, line: row + 2 });
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, 60_000);
});

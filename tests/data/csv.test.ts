// Checks CSV loading on real files: exact values, column matching by name, lenient syntax (BOM, CRLF,
// mixed line ends, quotes, whitespace, blank lines), and a DataError with the right file and physical
// line, and a message saying what to do, for every kind of bad input.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvData } from '../../src/config/types.js';
import { loadCsvDataset } from '../../src/data/csv.js';
import { loadDataset } from '../../src/data/load.js';
import { DataError } from '../../src/lib/errors.js';

let dir: string;
let fileCount = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'optlab-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to a fresh file in the temp dir and returns its absolute path. */
async function csvFile(text: string): Promise<string> {
  const path = join(dir, `file${fileCount++}.csv`);
  await writeFile(path, text);
  return path;
}

const GOOD_TEST = 'a,y\n1,2\n';

async function load(trainText: string, testText = GOOD_TEST, target = 'y') {
  const train = await csvFile(trainText);
  const test = await csvFile(testText);
  const cfg: CsvData = { kind: 'csv', train, test, target, standardize: false };
  return { cfg, train, test, promise: loadDataset(cfg) };
}

/** Awaits a load expected to fail and returns its DataError. */
async function dataError(promise: Promise<unknown>): Promise<DataError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

/** `rows` data lines `i,2i` (i = 0..rows-1) after a header `a,y`, with the given line end. */
function twoColumnRows(rows: number, end: string): string {
  let text = `a,y${end}`;
  for (let i = 0; i < rows; i++) text += `${i},${2 * i}${end}`;
  return text;
}

describe('loadCsvDataset: what loads', () => {
  it('loads features in header order and the target, matching test columns by name', async () => {
    const { promise } = await load('a,y,b\n1,2,3\n4.5,-1e-3,6\n', 'b,a,y\n7,8,9\n');
    const data = await promise;
    expect(data).toMatchObject({ task: 'regression', dim: 2, outputs: 1, nTrain: 2, nTest: 1, featureNames: ['a', 'b'] });
    expect(data.xTrain).toEqual(Float32Array.from([1, 3, 4.5, 6]));
    expect(data.yTrain).toEqual(Float32Array.from([2, -0.001]));
    expect(data.xTest).toEqual(Float32Array.from([8, 7]));
    expect(data.yTest).toEqual(Float32Array.from([9]));
  });

  it('accepts a UTF-8 BOM, CRLF line ends, quoted fields, spaces around fields and blank lines', async () => {
    const { promise } = await load('\uFEFF"x,1", "y"\r\n"1.5",2\r\n\r\n 3 , "4"\r\n', '"y","x,1"\r\n5,6');
    const data = await promise;
    expect(data.featureNames).toEqual(['x,1']);
    expect(data.xTrain).toEqual(Float32Array.from([1.5, 3]));
    expect(data.yTrain).toEqual(Float32Array.from([2, 4]));
    expect(data.xTest).toEqual(Float32Array.from([6]));
    expect(data.yTest).toEqual(Float32Array.from([5]));
  });

  // Every spelling below holds the same table: a = [1, 3], y = [2, 4].
  it.each([
    { syntax: 'LF line ends', text: 'a,y\n1,2\n3,4\n' },
    { syntax: 'CRLF line ends', text: 'a,y\r\n1,2\r\n3,4\r\n' },
    { syntax: 'lone CR line ends', text: 'a,y\r1,2\r3,4\r' },
    { syntax: 'CRLF first, then LF', text: 'a,y\r\n1,2\n3,4\r\n' },
    { syntax: 'LF first, then CRLF', text: 'a,y\n1,2\r\n3,4\n' },
    { syntax: 'no final line end', text: 'a,y\n1,2\n3,4' },
    { syntax: 'a BOM', text: '\uFEFFa,y\n1,2\n3,4\n' },
    { syntax: 'a BOM and CRLF', text: '\uFEFFa,y\r\n1,2\r\n3,4' },
    { syntax: 'blank and whitespace-only lines anywhere', text: '\n\r\na,y\n\n1,2\r\n   \n\t\n3,4\n\n\n' },
    { syntax: 'every field quoted', text: '"a","y"\n"1","2"\n"3","4"\n' },
    { syntax: 'spaces and tabs around fields, inside quotes too', text: ' a , y \n 1 ,\t2\n"  3 ", " 4"\n' },
    { syntax: 'signs, exponents and bare points', text: 'a,y\n+1,.2e1\n3.,40e-1\n' },
  ])('reads $syntax', async ({ text }) => {
    const data = await (await load(text)).promise;
    expect(data.featureNames).toEqual(['a']);
    expect(data.xTrain).toEqual(Float32Array.from([1, 3]));
    expect(data.yTrain).toEqual(Float32Array.from([2, 4]));
  });

  it('rounds each decimal to the nearest float32', async () => {
    const data = await (await load('a,y\n0.1,1e-3\n-2.5e+2,16777217\n')).promise;
    // Math.fround is the float32 rounding of the double nearest each decimal; 16777217 = 2^24 + 1 rounds to 2^24.
    expect(Array.from(data.xTrain)).toEqual([Math.fround(0.1), -250]);
    expect(Array.from(data.yTrain)).toEqual([Math.fround(0.001), 16777216]);
  });

  it('loads a file longer than one read chunk (64 KiB) with every value in place', async () => {
    const rows = 20_000;
    const data = await (await load(twoColumnRows(rows, '\r\n'))).promise;
    expect(data.nTrain).toBe(rows);
    // a = 0..n-1 sums to n(n-1)/2 and y = 2a to n(n-1), both exact in float64.
    expect(data.xTrain.reduce((s, v) => s + v, 0)).toBe((rows * (rows - 1)) / 2);
    expect(data.yTrain.reduce((s, v) => s + v, 0)).toBe(rows * (rows - 1));
    expect([data.xTrain[12_345], data.yTrain[12_345]]).toEqual([12_345, 24_690]);
  });

  it('is what loadCsvDataset returns, unchanged by loadDataset when standardize is false', async () => {
    const { cfg, promise } = await load('a,y\n1,2\n3,4\n');
    expect(await promise).toEqual(await loadCsvDataset(cfg));
  });
});

describe('loadCsvDataset: bad cells', () => {
  const MISSING = 'is not a finite number: drop or impute the rows with missing or infinite values';
  const NOT_A_NUMBER = 'is not a finite number: cells must be decimals like 3, -0.5 or 1e-3; encode the column as numbers, or drop it';
  it.each([
    { cell: '', problem: 'empty value in column "b": cells must be finite numbers; drop or impute the rows with missing values' },
    { cell: '""', problem: 'empty value in column "b": cells must be finite numbers; drop or impute the rows with missing values' },
    { cell: '  ', problem: 'empty value in column "b": cells must be finite numbers; drop or impute the rows with missing values' },
    { cell: 'NaN', problem: `"NaN" in column "b" ${MISSING}` },
    { cell: 'nan', problem: `"nan" in column "b" ${MISSING}` },
    { cell: 'Inf', problem: `"Inf" in column "b" ${MISSING}` },
    { cell: '-Inf', problem: `"-Inf" in column "b" ${MISSING}` },
    { cell: '-Infinity', problem: `"-Infinity" in column "b" ${MISSING}` },
    { cell: 'NA', problem: `"NA" in column "b" ${MISSING}` },
    { cell: 'null', problem: `"null" in column "b" ${MISSING}` },
    { cell: 'abc', problem: `"abc" in column "b" ${NOT_A_NUMBER}` },
    { cell: '0x10', problem: `"0x10" in column "b" ${NOT_A_NUMBER}` },
    { cell: '1.2.3', problem: `"1.2.3" in column "b" ${NOT_A_NUMBER}` },
    { cell: '1e', problem: `"1e" in column "b" ${NOT_A_NUMBER}` },
    { cell: '1e40', problem: '1e40 in column "b" is outside the float32 range (about ±3.4e38): rescale the column' },
    { cell: '-3.5e38', problem: '-3.5e38 in column "b" is outside the float32 range (about ±3.4e38): rescale the column' },
  ])('reports the cell <$cell> with its column, line and what to do', async ({ cell, problem }) => {
    const { train, promise } = await load(`a,b,y\n1,2,3\n4,${cell},6\n`);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 3 });
    expect(err.problem).toBe(problem);
  });

  it('reports a column whose every cell is empty at its first row', async () => {
    const { train, promise } = await load('a,b,y\n1,,3\n4,,6\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 2 });
    expect(err.problem).toMatch(/^empty value in column "b"/);
  });

  it('accepts the largest float32 magnitudes', async () => {
    const data = await (await load('a,y\n3.4e38,-3.4e38\n')).promise;
    expect(Array.from(data.xTrain)).toEqual([Math.fround(3.4e38)]);
    expect(Array.from(data.yTrain)).toEqual([Math.fround(-3.4e38)]);
  });
});

describe('loadCsvDataset: physical line numbers', () => {
  // Each file has a bad cell "bad"; `line` is its physical line counted by hand (1-based).
  it.each([
    { layout: 'LF', text: 'a,y\n1,2\nbad,4\n', line: 3 },
    { layout: 'CRLF', text: 'a,y\r\n1,2\r\nbad,4\r\n', line: 3 },
    { layout: 'a BOM and CRLF', text: '\uFEFFa,y\r\n1,2\r\nbad,4\r\n', line: 3 },
    { layout: 'lone CR', text: 'a,y\r1,2\rbad,4\r', line: 3 },
    // 1 header (CRLF), 2 row (LF), 3 blank (CRLF), 4 bad (LF)
    { layout: 'mixed CRLF and LF with a blank line', text: 'a,y\r\n1,2\n\r\nbad,4\n', line: 4 },
    // 1 blank, 2 blank, 3 header, 4 row, 5 bad
    { layout: 'blank lines before the header', text: '\n\r\na,y\n1,2\nbad,4', line: 5 },
    // 1-2 the quoted header, 3 row, 4 bad
    { layout: 'a header quoted across an LF', text: '"first\nfeature",y\n1,2\nbad,4\n', line: 4 },
    { layout: 'a header quoted across a CRLF', text: '"first\r\nfeature",y\r\n1,2\r\nbad,4\r\n', line: 4 },
    // 1 header, 2-3 the row with a quoted "1<LF>", 4 bad
    { layout: 'a data cell quoted across a line end', text: 'a,y\n"1\n",2\nbad,4\n', line: 4 },
    // 1 header, 2 row, 3-4 the record whose first cell is "<CRLF>bad": reported where it starts
    { layout: 'the bad cell inside a multi-line record', text: 'a,y\r\n1,2\r\n"\r\nbad",4\r\n', line: 3 },
    { layout: 'the bad row last, without a line end', text: 'a,y\n1,2\nbad,4', line: 3 },
  ])('counts lines right with $layout', async ({ text, line }) => {
    const { train, promise } = await load(text);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line });
    expect(err.problem).toMatch(/^"bad" in column /);
  });

  it('counts lines right far into a file read in many chunks', async () => {
    // A header quoted across lines 1-2, then data row k (1-based) on line 2 + k; row 15,000 is bad.
    const rows = twoColumnRows(20_000, '\r\n').split('\r\n').slice(1);
    rows[14_999] = '7,bad';
    const { train, promise } = await load(`"first\r\nfeature",y\r\n${rows.join('\r\n')}`);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 15_002 });
    expect(err.problem).toMatch(/^"bad" in column "y"/);
  });
});

describe('loadCsvDataset: bad structure', () => {
  it('reports an empty file at line 1', async () => {
    const { train, promise } = await load('');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('the file is empty (expected a header row naming the columns)');
  });

  it('reports a file of only blank lines at line 1', async () => {
    const { train, promise } = await load('\n\r\n  \n\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('the file has only blank lines (expected a header row naming the columns)');
  });

  it.each([
    { layout: 'a header line', text: 'a,y\n', line: 1 },
    { layout: 'a header without a line end', text: 'a,y', line: 1 },
    { layout: 'blank lines around the header', text: '\r\n\r\na,y\r\n\r\n', line: 3 },
  ])('reports $layout and no data rows at the header', async ({ text, line }) => {
    const { train, promise } = await load(text);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line });
    expect(err.problem).toBe('the file has a header but no data rows');
  });

  it('reports a header column without a name', async () => {
    const { train, promise } = await load('a,,y\n1,2,3\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('column 2 of the header has no name: name it, or delete the column from every line');
  });

  it('reports a trailing comma on every line as a last column without a name', async () => {
    const { train, promise } = await load('a,y,\n1,2,\n3,4,\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('the header ends with a comma, so its last column (3) has no name: remove the trailing comma from every line, or name the column');
  });

  it('reports a missing target column with the columns and a suggestion', async () => {
    const { train, promise } = await load('a,price\n1,2\n', GOOD_TEST, 'prise');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('no target column "prise" in the header (columns: a, price); did you mean "price"?');
  });

  it('suggests a target column that differs only in case', async () => {
    const err = await dataError((await load('a,Y\n1,2\n')).promise);
    expect(err.problem).toContain('did you mean "Y"?');
  });

  it('lists the columns to choose from when no name is close', async () => {
    const err = await dataError((await load('a,b\n1,2\n', GOOD_TEST, 'price')).promise);
    expect(err.problem).toBe('no target column "price" in the header (columns: a, b): set data.target to one of them');
  });

  it('reports duplicate column names, also after trimming spaces', async () => {
    const { train, promise } = await load('\na, y ,"a "\n1,2,3\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 2 });
    expect(err.problem).toBe('duplicate column name "a" (columns 1 and 3): rename one of them');
  });

  it('reports a file with only the target column', async () => {
    const { train, promise } = await load('y\n1\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('no feature columns besides the target "y"');
  });

  it('reports a row with too few fields at its physical line, counting blank lines', async () => {
    // line 1 header, 2 data, 3 blank, 4 the short row
    const { train, promise } = await load('a,b,y\n1,2,3\n\n4,5\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 4 });
    expect(err.problem).toBe('expected 3 fields (as in the header), got 2: every row needs a value in each column');
  });

  it('reports a row with too many fields, suggesting quotes', async () => {
    const { train, promise } = await load('a,y\n1,2\n1,5,3\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 3 });
    expect(err.problem).toBe('expected 2 fields (as in the header), got 3: quote fields that contain a comma');
  });

  it('reports an unclosed quote at the line where its record starts', async () => {
    const { train, promise } = await load('a,y\n1,2\n3,"4\n5,6\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 3 });
    expect(err.problem).toBe('a quoted field starting in this record is never closed (missing ")');
  });

  it('reports a quote inside an unquoted field', async () => {
    const { train, promise } = await load('a,y\r\n1,2\r\n3,4"5\r\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 3 });
    expect(err.problem).toMatch(/^a quote \(".*inside an unquoted field/);
  });

  it('reports text after a closing quote in words, not in the parser’s', async () => {
    const { train, promise } = await load('a,y\n"1" x,2\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 2 });
    expect(err.problem).toBe('text after the closing quote of a field; double a quote that belongs inside the field ("")');
  });

  it('reports a syntax error far into a file at its line', async () => {
    const rows = twoColumnRows(20_000, '\n').split('\n');
    rows[15_000] = '3,"4'; // line 15,001: header on line 1, row k on line k + 1
    const { train, promise } = await load(rows.join('\n'));
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 15_001 });
    expect(err.problem).toMatch(/never closed/);
  });

  it('stops at a record too long to be a table row instead of reading it all', async () => {
    const { train, promise } = await load(`a,y\n1,${'9'.repeat(5_000_000)}\n`);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 2 });
    expect(err.problem).toBe('a record starting here is longer than 4194304 characters: is this a CSV file, or is a quote (") left open?');
  });

  it.each([
    { order: 'little-endian', mark: [0xff, 0xfe] },
    { order: 'big-endian', mark: [0xfe, 0xff] },
  ])('refuses a $order UTF-16 file, saying how to convert it', async ({ mark }) => {
    const train = join(dir, `utf16-${fileCount++}.csv`);
    // Only the byte-order mark decides; the text after it is little-endian either way.
    await writeFile(train, Buffer.concat([Buffer.from(mark), Buffer.from('a,y\r\n1,2\r\n', 'utf16le')]));
    const err = await dataError(loadCsvDataset({ kind: 'csv', train, test: await csvFile(GOOD_TEST), target: 'y', standardize: false }));
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('the file is UTF-16 text: save it as UTF-8 (in Excel: "CSV UTF-8")');
  });

  it('names a file that cannot be read', async () => {
    const missing = join(dir, 'nope.csv');
    const test = await csvFile(GOOD_TEST);
    const err = await dataError(loadCsvDataset({ kind: 'csv', train: missing, test, target: 'y', standardize: false }));
    expect(err.location).toEqual({ file: missing });
    expect(err.problem).toBe('cannot read the file: no such file');
  });

  it('names a directory given as a file', async () => {
    const test = await csvFile(GOOD_TEST);
    const err = await dataError(loadCsvDataset({ kind: 'csv', train: dir, test, target: 'y', standardize: false }));
    expect(err.location).toEqual({ file: dir });
    expect(err.problem).toBe('cannot read the file: it is a directory');
  });
});

describe('loadCsvDataset: the test file', () => {
  it('reports a test file whose columns differ from the train file', async () => {
    const missing = await load('a,b,y\n1,2,3\n', 'a,y\n1,2\n');
    const missingErr = await dataError(missing.promise);
    expect(missingErr.location).toEqual({ file: missing.test, line: 1 });
    expect(missingErr.problem).toBe('missing column(s) "b" (the train file\'s columns: a, b, y)');

    const extra = await load('a,y\n1,2\n', 'a,c,y\n1,2,3\n');
    const extraErr = await dataError(extra.promise);
    expect(extraErr.location).toEqual({ file: extra.test, line: 1 });
    expect(extraErr.problem).toBe('column(s) "c" not in the train file (the train file\'s columns: a, y)');
  });

  it('reports a bad cell of the test file in the test file', async () => {
    const { test, promise } = await load('a,y\n1,2\n', 'y,a\r\n1,2\r\n3,oops\r\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: test, line: 3 });
    expect(err.problem).toMatch(/^"oops" in column "a" is not a finite number/);
  });

  it.each([
    { layout: 'empty', text: '', line: 1, problem: /the file is empty/ },
    { layout: 'headers only', text: '\ny,a\n', line: 2, problem: /header but no data rows/ },
    { layout: 'ragged', text: 'a,y\n1\n', line: 2, problem: /expected 2 fields/ },
    { layout: 'a NaN', text: 'a,y\n1,2\nNaN,3', line: 3, problem: /"NaN" in column "a"/ },
  ])('reports a test file that is $layout in the test file', async ({ text, line, problem }) => {
    const { test, promise } = await load('a,y\n1,2\n', text);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: test, line });
    expect(err.problem).toMatch(problem);
  });
});

describe('loadCsvDataset: any text', () => {
  it('either loads finite float32 data of a consistent shape or throws a DataError at a line of the file', async () => {
    // Mostly well-formed rows (so that some files load), each piece sometimes wrong, plus free text.
    const goodCell = fc.constantFrom('1', '-2.5', ' 3 ', '"4"', '1e3', '.5', '"6\n"');
    const badCell = fc.constantFrom('', 'NaN', 'x', '"', '1,2', '""');
    const cell = fc.oneof({ weight: 9, arbitrary: goodCell }, { weight: 1, arbitrary: badCell });
    const row = fc.oneof({ weight: 9, arbitrary: fc.tuple(cell, cell) }, { weight: 1, arbitrary: fc.array(cell, { maxLength: 3 }) });
    const lineEnd = fc.constantFrom('\n', '\r\n', '\r', '\n\n');
    const table = fc
      .tuple(fc.boolean(), lineEnd, fc.array(fc.tuple(row, lineEnd), { maxLength: 5 }))
      .map(([bom, end, rows]) => `${bom ? '\uFEFF' : ''}a,y${end}${rows.map(([cells, e]) => cells.join(',') + e).join('')}`);
    const pieces = ['a', 'y', ',', '1', '-', 'e', '.', ' ', '"', '\r', '\n', 'NaN', '\uFEFF'];
    const freeText = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((ps) => ps.join(''));
    const trainTexts = fc.oneof(table, freeText);
    await fc.assert(
      fc.asyncProperty(trainTexts, async (text) => {
        const { train, test, promise } = await load(text);
        const outcome = await promise.then(
          (data) => data,
          (e: unknown) => e,
        );
        if (outcome instanceof DataError) {
          expect([train, test]).toContain(outcome.location.file);
          const linesInFile = 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
          expect(outcome.location.line).toBeGreaterThanOrEqual(1);
          expect(outcome.location.line).toBeLessThanOrEqual(linesInFile);
        } else {
          expect(outcome).not.toBeInstanceOf(Error);
          const data = outcome as Awaited<typeof promise>;
          expect(data.xTrain.length).toBe(data.nTrain * data.dim);
          expect(data.yTrain.length).toBe(data.nTrain);
          expect(data.xTrain.every(Number.isFinite) && data.yTrain.every(Number.isFinite)).toBe(true);
        }
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});

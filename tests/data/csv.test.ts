// Checks CSV loading: exact values, column matching by name, lenient syntax (BOM, CRLF, quotes), and
// a DataError with the right file and physical line for every kind of bad input.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvData } from '../../src/config/types.js';
import { loadCsvDataset } from '../../src/data/csv.js';
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
  return { cfg, train, test, promise: loadCsvDataset(cfg) };
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

describe('loadCsvDataset', () => {
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

  it('names a file that cannot be read', async () => {
    const missing = join(dir, 'nope.csv');
    const test = await csvFile(GOOD_TEST);
    const err = await dataError(loadCsvDataset({ kind: 'csv', train: missing, test, target: 'y', standardize: false }));
    expect(err.location.file).toBe(missing);
    expect(err.problem).toBe('cannot read the file: no such file');
  });

  it('names a directory given as a file', async () => {
    const test = await csvFile(GOOD_TEST);
    const err = await dataError(loadCsvDataset({ kind: 'csv', train: dir, test, target: 'y', standardize: false }));
    expect(err.location.file).toBe(dir);
    expect(err.problem).toBe('cannot read the file: it is a directory');
  });

  it('reports an empty file at line 1', async () => {
    const { train, promise } = await load('');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toMatch(/empty/);
  });

  it('reports a header without data rows', async () => {
    const { train, promise } = await load('a,y\n\n\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toMatch(/no data rows/);
  });

  it('reports a missing target column with the columns and a suggestion', async () => {
    const { train, promise } = await load('a,price\n1,2\n', GOOD_TEST, 'prise');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toContain('columns: a, price');
    expect(err.problem).toContain('did you mean "price"?');
  });

  it('reports a ragged row at its physical line, counting blank lines', async () => {
    // line 1 header, 2 data, 3 blank, 4 the short row
    const { train, promise } = await load('a,b,y\n1,2,3\n\n4,5\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 4 });
    expect(err.problem).toBe('expected 3 fields (as in the header), got 2');
  });

  it.each([
    { cell: '', problem: 'empty value in column "b"' },
    { cell: 'abc', problem: '"abc" in column "b" is not a finite number' },
    { cell: 'NaN', problem: '"NaN" in column "b" is not a finite number' },
    { cell: 'Inf', problem: '"Inf" in column "b" is not a finite number' },
    { cell: '-Infinity', problem: '"-Infinity" in column "b" is not a finite number' },
    { cell: '0x10', problem: '"0x10" in column "b" is not a finite number' },
    { cell: '1e40', problem: '1e40 in column "b" is outside the float32 range' },
  ])('reports the bad cell "$cell" with its column and line', async ({ cell, problem }) => {
    const { train, promise } = await load(`a,b,y\n1,2,3\n4,${cell},6\n`);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 3 });
    expect(err.problem).toBe(problem);
  });

  it('counts a CRLF inside a quoted field as one line', async () => {
    // lines: 1 `"first`, 2 `feature",y`, 3 `1,2`, 4 `3,x`
    const { train, promise } = await load('"first\r\nfeature",y\r\n1,2\r\n3,x\r\n', GOOD_TEST);
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 4 });
  });

  it('reports duplicate column names', async () => {
    const { train, promise } = await load('a,y,a\n1,2,3\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toBe('duplicate column name "a" (columns 1 and 3)');
  });

  it('reports an unclosed quote at the line where its record starts', async () => {
    const { train, promise } = await load('a,y\n1,2\n3,"4\n5,6\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 3 });
    expect(err.problem).toMatch(/never closed/);
  });

  it('reports a file with only the target column', async () => {
    const { train, promise } = await load('y\n1\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: train, line: 1 });
    expect(err.problem).toMatch(/no feature columns/);
  });

  it('reports a test file whose columns differ from the train file', async () => {
    const missing = await load('a,b,y\n1,2,3\n', 'a,y\n1,2\n');
    const missingErr = await dataError(missing.promise);
    expect(missingErr.location).toEqual({ file: missing.test, line: 1 });
    expect(missingErr.problem).toContain('missing column(s) "b"');

    const extra = await load('a,y\n1,2\n', 'a,c,y\n1,2,3\n');
    const extraErr = await dataError(extra.promise);
    expect(extraErr.location).toEqual({ file: extra.test, line: 1 });
    expect(extraErr.problem).toContain('column(s) "c" not in the train file');
  });

  it('reports a bad cell of the test file in the test file', async () => {
    const { test, promise } = await load('a,y\n1,2\n', 'y,a\n1,2\n3,oops\n');
    const err = await dataError(promise);
    expect(err.location).toEqual({ file: test, line: 3 });
    expect(err.problem).toBe('"oops" in column "a" is not a finite number');
  });
});

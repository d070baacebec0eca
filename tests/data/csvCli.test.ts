// CSV data through the real `optlab run`: a file in every accepted syntax trains, and each kind of bad
// file exits 2 with one line naming the file and physical line, no stack trace and no result folder.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-csv-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;

/** Writes a train and a test CSV and a config naming them; runs it and returns the result and paths. */
function runWith(trainText: string, testText: string) {
  const name = `csv${count++}`;
  writeFileSync(join(root, `${name}-train.csv`), trainText);
  writeFileSync(join(root, `${name}-test.csv`), testText);
  const config = `name: ${name}\ndata: { kind: csv, train: ${name}-train.csv, test: ${name}-test.csv, target: y }\ntrain: { batch_size: full, steps: 3 }\noptimizers: [{ kind: sgd, lr: 0.01 }]\n`;
  writeFileSync(join(root, `${name}.yaml`), config);
  const result = runOptlab(root, 'run', `${name}.yaml`, '--out', 'out', '--backend', 'cpu');
  return { ...result, name, train: join(root, `${name}-train.csv`), test: join(root, `${name}-test.csv`) };
}

/** Checks a refused run: exit 2, one error line `optlab: file:line: problem`, no stack trace, nothing written. */
function expectRefused(result: ReturnType<typeof runWith>, file: string, line: number, problem: string) {
  expect(result.status).toBe(2);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  // The data is read before the backend starts: the error is the only line.
  expect(result.stderr.trim().split('\n')).toEqual([`optlab: ${file}:${line}: ${problem}`]);
  expect(existsSync(join(root, 'out', result.name))).toBe(false);
}

describe('optlab run with CSV data', () => {
  it('trains on files with a BOM, CRLF and LF mixed, quoted names and numbers, and blank lines', () => {
    const result = runWith('\uFEFF"x,1", y \r\n"1.5",2\n\r\n 3 ,"4"\r\n-1,0', 'y,"x,1"\n5,6\n');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.status).toBe(0);
    expect(existsSync(join(root, 'out', result.name, 'summary.csv'))).toBe(true);
  });

  it('refuses a NaN cell, naming file, line, column and what to do', () => {
    const result = runWith('a,b,y\r\n1,2,3\r\n4,NaN,6\r\n', 'a,b,y\n1,2,3\n');
    expectRefused(result, result.train, 3, '"NaN" in column "b" is not a finite number: drop or impute the rows with missing or infinite values');
  });

  it('refuses an empty train file', () => {
    const result = runWith('', 'a,y\n1,2\n');
    expectRefused(result, result.train, 1, 'the file is empty (expected a header row naming the columns)');
  });

  it('refuses a test file with a header but no rows, naming the test file', () => {
    const result = runWith('a,y\n1,2\n', '\r\ny,a\r\n');
    expectRefused(result, result.test, 2, 'the file has a header but no data rows');
  });
});

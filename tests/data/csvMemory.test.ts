// A million-row CSV loads in seconds with the right values and a peak memory bounded by its float32
// size, not its text: measured in a fresh Node process (bench/csvMemory.js, on dist/, which npm test
// builds first) so the peak RSS is the load's own.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROWS = 1_000_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'optlab-csv-memory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a header and rows `i, (i mod 1000) / 8, 2i + 1` (i = 0..rows-1) with CRLF line ends, in batches. */
async function writeRows(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('a,b,y\r\n');
  for (let start = 0; start < rows; start += 10_000) {
    let text = '';
    for (let i = start; i < Math.min(rows, start + 10_000); i++) text += `${i},${(i % 1000) / 8},${2 * i + 1}\r\n`;
    if (!out.write(text)) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done, fail) => out.end((err?: Error | null) => (err ? fail(err) : done())));
}

describe('loading a large CSV', () => {
  it('streams a million rows in seconds, with the right sums and peak memory bounded by the float32 data', async () => {
    const train = join(dir, 'train.csv');
    const test = join(dir, 'test.csv');
    await writeRows(train, ROWS);
    await writeFile(test, 'a,b,y\n1,2,3\n');
    const child = spawnSync(process.execPath, ['bench/csvMemory.js', '--measure', train, test, 'y', 'dist'], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const m = JSON.parse(child.stdout);
    expect([m.nTrain, m.nTest, m.dim]).toEqual([ROWS, 1, 2]);
    // Every value is exact in float32 (integers below 2^24, eighths) and every sum exact in float64:
    // Σ i = n(n − 1)/2; Σ (i mod 1000)/8 = (n/1000) · (999 · 1000/2)/8; Σ (2i + 1) = n².
    expect(m.sums).toEqual([(ROWS * (ROWS - 1)) / 2, (ROWS / 1000) * ((999 * 1000) / 2 / 8), ROWS * ROWS]);
    // Measured on a shared 2-core machine: ~4-6 s and ~55 MB growth for 11.4 MB of float32 data; the
    // previous loader (whole text, then an array of rows of strings) took 12-17 s and grew 520 MB.
    expect(m.seconds).toBeLessThan(30);
    expect(m.growthMb).toBeLessThan(3 * m.float32Mb + 50);
  });
});

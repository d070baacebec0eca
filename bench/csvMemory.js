// Time and peak memory of loading a large CSV dataset (issue #7: a million rows, streamed, bounded memory).
// Each load runs in a fresh Node process so its peak RSS is its own; the figure reported is the growth of
// RSS over the process's RSS before loading, next to the float32 size of the data it loaded.
//
// Usage: npm run build && node bench/csvMemory.js [--rows 1000000] [--reps 3] [--dist dist,other-dist]
//   --dist   compiled packages to compare, comma-separated, relative to the repository (each needs
//            data/load.js), e.g. a copy of an older build under bench/out/ to compare against.
// Measuring mode (used by the above and by tests/data/csvMemory.test.ts):
//   node bench/csvMemory.js --measure TRAIN.csv TEST.csv TARGET DIST
//   prints one JSON line: seconds, rssBeforeMb, peakRssMb, growthMb, float32Mb, nTrain, nTest, dim,
//   and the float64 sums of each loaded column (features in order, then the target) of the train set.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    measure: { type: 'boolean', default: false },
    // One million rows: the size issue #7 names.
    rows: { type: 'string', default: '1000000' },
    // Three repetitions per build: peak RSS varies little, time is noisy on a shared machine.
    reps: { type: 'string', default: '3' },
    dist: { type: 'string', default: 'dist' },
  },
});

if (values.measure) {
  const [train, test, target, dist] = positionals;
  const { loadDataset } = await import(pathToFileURL(resolve(root, dist, 'data', 'load.js')).href);
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const data = await loadDataset({ kind: 'csv', train, test, target, standardize: false });
  const seconds = (performance.now() - start) / 1000;
  // maxRSS is the kernel's high-water mark in KiB: the peak, however briefly it was reached.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const sums = new Array(data.dim + 1).fill(0);
  for (let i = 0; i < data.nTrain; i++) {
    for (let j = 0; j < data.dim; j++) sums[j] += data.xTrain[i * data.dim + j];
    sums[data.dim] += data.yTrain[i];
  }
  const float32Bytes = 4 * (data.xTrain.length + data.yTrain.length + data.xTest.length + data.yTest.length);
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      rssBeforeMb: rssBefore / MB,
      peakRssMb: peakRss / MB,
      growthMb: (peakRss - rssBefore) / MB,
      float32Mb: float32Bytes / MB,
      nTrain: data.nTrain,
      nTest: data.nTest,
      dim: data.dim,
      sums,
    })}\n`,
  );
} else {
  const rows = Number(values.rows);
  const reps = Number(values.reps);
  const dir = mkdtempSync(join(tmpdir(), 'optlab-csv-bench-'));
  try {
    const train = join(dir, 'train.csv');
    const test = join(dir, 'test.csv');
    await writeRows(train, rows);
    writeFileSync(test, 'a,b,y\n1,2,3\n');
    process.stderr.write(`${rows} rows x 3 columns\n`);
    for (const dist of values.dist.split(',')) {
      for (let rep = 0; rep < reps; rep++) {
        const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', train, test, 'y', dist], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`${dist}: ${child.stderr}`);
        const m = JSON.parse(child.stdout);
        process.stdout.write(
          `${dist}: ${m.seconds.toFixed(2)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB (growth ${m.growthMb.toFixed(0)} MB over ${m.rssBeforeMb.toFixed(0)} MB; float32 data ${m.float32Mb.toFixed(1)} MB)\n`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a header and `rows` rows `i, (i mod 1000) / 8, 2i + 1`: small decimals, exact in float32. */
async function writeRows(file, rows) {
  const out = createWriteStream(file);
  out.write('a,b,y\n');
  // Lines are written in batches of 10,000 so the text is never whole in memory.
  for (let start = 0; start < rows; start += 10_000) {
    let text = '';
    for (let i = start; i < Math.min(rows, start + 10_000); i++) text += `${i},${(i % 1000) / 8},${2 * i + 1}\n`;
    if (!out.write(text)) await new Promise((done) => out.once('drain', done));
  }
  await new Promise((done, fail) => out.end((err) => (err ? fail(err) : done())));
}

// Soak benchmark (issue 7): memory stays flat over a long MLP run and over a long sweep. Live tensors
// (tf.memory().numTensors), RSS and the JS heap are sampled along the way, after a garbage collection, and a
// least-squares slope is fitted over the samples after warm-up; the run is "flat" when the tensor count never
// changes and the fitted growth over the sampled span stays within a small tolerance. tests/experiment/soak.test.ts
// is the CI-sized version.
//
// Usage: npm run build && node bench/soak.js [--backend cpu|wasm] [--steps 10000] [--runs 200]
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { distModule, outDir, writeConfig } from './lib/optlab.js';
import { formatted } from './lib/stats.js';

/** The first fifth of the samples is warm-up (JIT compilation, allocator and tfjs caches filling), not trend. */
const WARM_UP_FRACTION = 0.2;
/** Growth of RSS over the sampled span (from the fitted slope) that still counts as flat, MB: allocator noise. */
const RSS_TOLERANCE_MB = 8;
/** Growth of the JS heap over the sampled span that still counts as flat, MB. */
const HEAP_TOLERANCE_MB = 4;

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    // 10,000 steps and 200 runs: the sizes the issue asks for.
    steps: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '200' },
  },
});
const steps = Number(values.steps);
const runs = Number(values.runs);

// A collection before each sample, so that the heap and RSS show what is kept, not what is yet to be collected.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

/** One sample: where (step or cohort index) and what was alive. */
function sample(at) {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { at, tensors: tf.memory().numTensors, rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 };
}

/** Least-squares slope of ys against xs. */
function slope(xs, ys) {
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < xs.length; i++) {
    covariance += (xs[i] - meanX) * (ys[i] - meanY);
    variance += (xs[i] - meanX) ** 2;
  }
  return covariance / variance;
}

/** The trend of the samples after warm-up: slopes, fitted growth over the span, and whether that is flat. */
function trend(samples) {
  const kept = samples.slice(Math.floor(samples.length * WARM_UP_FRACTION));
  const xs = kept.map((s) => s.at);
  const span = xs.at(-1) - xs[0];
  const rssGrowth = slope(xs, kept.map((s) => s.rssMb)) * span;
  const heapGrowth = slope(xs, kept.map((s) => s.heapMb)) * span;
  const tensorCounts = new Set(samples.map((s) => s.tensors));
  const flat = tensorCounts.size === 1 && rssGrowth <= RSS_TOLERANCE_MB && heapGrowth <= HEAP_TOLERANCE_MB;
  return { samples: samples.length, tensors: [...tensorCounts], rssGrowth, heapGrowth, flat, first: samples[0], last: samples.at(-1) };
}

const { loadPlan, loadDataset, trainCohort, runExperiment, useBackend } = await distModule('index.js');
const backend = await useBackend(values.backend);

// One MLP run of `steps` updates, sampled 50 times along the way at steps that log nothing (the loop then holds
// the same tensors at every sample).
const mlpPlan = loadPlan(
  writeConfig(
    'soak-mlp',
    `name: soak-mlp
data: { kind: teacher-mlp, n_train: 256, n_test: 64, dim: 8 }
model: { kind: mlp, width: 16 }
train: { steps: ${steps}, batch_size: 16, eval_every: 500 }
optimizers: [{ kind: adam, lr: 0.001 }]
`,
  ),
);
const every = Math.max(2, Math.floor(steps / 50));
const mlpSamples = [];
const mlpStart = performance.now();
await trainCohort(mlpPlan.runs, await loadDataset(mlpPlan.runs[0].config.data), {
  onStep: (step) => {
    if (step % every === 1 && step % 500 !== 0) mlpSamples.push(sample(step));
  },
});
const mlpSeconds = (performance.now() - mlpStart) / 1000;

// A sweep of `runs` runs in cohorts of 4 (the step counts differ, so each is its own cohort), sampled as each
// cohort starts: every tensor of the cohort before must be gone by then.
const cohorts = Math.ceil(runs / 4);
const sweepPlan = loadPlan(
  writeConfig(
    'soak-sweep',
    `name: soak-sweep
seeds: [0, 1, 2, 3]
data: { kind: teacher-mlp, n_train: 64, n_test: 32, dim: 4 }
model: { kind: mlp, width: 8 }
train: { batch_size: 16, eval_every: 10 }
optimizers: [{ kind: sgd, lr: 0.05 }]
grid: { train.steps: [${Array.from({ length: cohorts }, (_, i) => 20 + i).join(', ')}] }
`,
  ),
);
const sweepOut = join(outDir, 'soak');
rmSync(sweepOut, { recursive: true, force: true });
const sweepSamples = [];
const sweepStart = performance.now();
await runExperiment(sweepPlan, {
  outRoot: sweepOut,
  backend: values.backend,
  events: { cohortStarted: () => sweepSamples.push(sample(sweepSamples.length)) },
});
sweepSamples.push(sample(sweepSamples.length));
const sweepSeconds = (performance.now() - sweepStart) / 1000;

const rows = [
  { name: `mlp, ${steps} steps`, seconds: mlpSeconds, ...trend(mlpSamples) },
  { name: `sweep, ${sweepPlan.runs.length} runs in ${cohorts} cohorts`, seconds: sweepSeconds, ...trend(sweepSamples) },
];
console.log(`optlab soak on ${backend} (growth = fitted slope x sampled span after the first ${WARM_UP_FRACTION * 100}% of samples)`);
const header = ['case', 'samples', 'live tensors', 'RSS MB first→last', 'RSS growth MB', 'heap MB first→last', 'heap growth MB', 'time s', 'verdict'];
const table = rows.map((row) => [
  row.name,
  String(row.samples),
  row.tensors.join(' → '),
  `${formatted(row.first.rssMb)} → ${formatted(row.last.rssMb)}`,
  formatted(row.rssGrowth),
  `${formatted(row.first.heapMb)} → ${formatted(row.last.heapMb)}`,
  formatted(row.heapGrowth),
  formatted(row.seconds),
  row.flat ? 'flat' : `NOT FLAT (tolerance: tensors constant, RSS ${RSS_TOLERANCE_MB} MB, heap ${HEAP_TOLERANCE_MB} MB)`,
]);
const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => cells[i].length)));
for (const cells of [header, ...table]) console.log(cells.map((cell, i) => cell.padEnd(widths[i])).join('  '));
writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify({ backend, rows, mlpSamples, sweepSamples }, null, 2)}\n`);
process.exitCode = rows.every((row) => row.flat) ? 0 : 1;

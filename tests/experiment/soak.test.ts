// Soak, CI-sized (bench/soak.js is the full size: 10,000 steps, 200 runs): over a long MLP run and over a sweep
// of many cohorts, the live tensors never change and neither RSS nor the JS heap trends upward after warm-up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { loadDataset, loadPlan, runExperiment, trainCohort } from '../../src/index.js';
import { describeEachBackend } from '../helpers/backends.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-soak-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Samples before this fraction of the way are warm-up (JIT, allocator and tfjs caches filling), not trend. */
const WARM_UP_FRACTION = 0.2;
/** Growth over the sampled span, from the fitted slope, that still counts as flat (MB): allocator and GC noise. */
const RSS_TOLERANCE_MB = 8;
const HEAP_TOLERANCE_MB = 4;

// A collection before each sample, so that RSS and the heap show what is kept, not what awaits collection.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

interface Sample {
  at: number;
  tensors: number;
  rssMb: number;
  heapMb: number;
}

function sample(at: number): Sample {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { at, tensors: tf.memory().numTensors, rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 };
}

/** Growth of `value` over the samples after warm-up: the least-squares slope times the span sampled. */
function fittedGrowth(samples: Sample[], value: (s: Sample) => number): number {
  const kept = samples.slice(Math.floor(samples.length * WARM_UP_FRACTION));
  const xs = kept.map((s) => s.at);
  const ys = kept.map(value);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  xs.forEach((x, i) => {
    covariance += (x - meanX) * (ys[i] - meanY);
    variance += (x - meanX) ** 2;
  });
  return (covariance / variance) * (xs.at(-1)! - xs[0]);
}

function expectFlat(samples: Sample[]): void {
  expect(new Set(samples.map((s) => s.tensors)).size, 'live tensors changed').toBe(1);
  expect(fittedGrowth(samples, (s) => s.rssMb)).toBeLessThanOrEqual(RSS_TOLERANCE_MB);
  expect(fittedGrowth(samples, (s) => s.heapMb)).toBeLessThanOrEqual(HEAP_TOLERANCE_MB);
}

function configFile(name: string, yaml: string): string {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

describeEachBackend('soak', (backend) => {
  it('an MLP trained 300 steps keeps its live tensors constant and RSS and heap flat', async () => {
    const plan = loadPlan(
      configFile(
        `mlp-${backend}`,
        `name: soak-mlp
data: { kind: teacher-mlp, n_train: 128, n_test: 32, dim: 4 }
model: { kind: mlp, width: 8 }
train: { steps: 300, batch_size: 16, eval_every: 100, schedule: { kind: cosine } }
optimizers: [{ kind: adam, lr: 0.01 }]
`,
      ),
    );
    const data = await loadDataset(plan.runs[0].config.data);
    const before = tf.memory().numTensors;
    const samples: Sample[] = [];
    await trainCohort(plan.runs, data, {
      // At steps that log nothing the loop holds the same tensors: any change is a leak.
      onStep: (step) => {
        if (step % 10 === 7) samples.push(sample(step));
      },
    });
    expect(samples).toHaveLength(30);
    expectFlat(samples);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a sweep of 20 runs in 10 cohorts frees every tensor between cohorts and keeps RSS and heap flat', async () => {
    const plan = loadPlan(
      configFile(
        `sweep-${backend}`,
        `name: soak-sweep
seeds: [0, 1]
data: { kind: teacher-mlp, n_train: 64, n_test: 32, dim: 4 }
model: { kind: mlp, width: 8 }
train: { batch_size: 16, eval_every: 5 }
optimizers: [{ kind: momentum, lr: 0.05 }]
grid: { train.steps: [${Array.from({ length: 10 }, (_, i) => 10 + i).join(', ')}] }
`,
      ),
    );
    // A first sweep, not sampled, loads what a process loads once (modules, kernels, the allocator's arenas), so
    // that growth in the sampled sweep is what each cohort keeps: in a fresh process the first cohorts alone
    // grew RSS by ~10 MB.
    await runExperiment(plan, { outRoot: join(root, `warm-up-${backend}`), backend });
    const before = tf.memory().numTensors;
    const samples: Sample[] = [];
    const result = await runExperiment(plan, {
      outRoot: join(root, `sweep-${backend}`),
      backend,
      events: { cohortStarted: () => samples.push(sample(samples.length)) },
    });
    samples.push(sample(samples.length));
    expect(result.trained).toBe(20);
    expect(samples).toHaveLength(11);
    expectFlat(samples);
    expect(samples[0].tensors).toBe(before);
  });
});

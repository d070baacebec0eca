// Cohort sizes from memory and dispatch cost, and the refusal of runs too big for a backend, against sizes worked
// out by hand in the comments (the constants: 8 µs/op and 12 GFLOP/s on wasm, 4 µs/op and 0.5 GFLOP/s on cpu,
// ops = layers x (13 + 3 S), a 5% dispatch share, a 1 GiB cohort budget, wasm's 4294901760-byte heap).
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/backend.js';
import type { RunConfig } from '../../src/config/types.js';
import { assertRunFits, cohortCapacity, dispatchBoundRuns, memoryBoundRuns } from '../../src/experiment/cohortCapacity.js';
import { runFloats, runShapeOf } from '../../src/experiment/stepCost.js';
import { MOMENT_FLOATS_PER_PARAM } from '../../src/optim/stateSize.js';
import { UserError } from '../../src/lib/errors.js';
import { buildOptimizer } from '../../src/optim/build.js';
import * as tf from '@tensorflow/tfjs';
import { plannedRuns, sizedDataset } from '../helpers/runs.js';

/** The resolved run configs of a config body (defaults filled by the real loader). */
function configsOf(body: string): RunConfig[] {
  return plannedRuns(body).map((run) => run.config);
}


describe('cohortCapacity', () => {
  // MLP 784-256-256-10 at batch 128 with adam, MNIST's default 10000 + 2000 rows, eval every 100 steps.
  // P = 784·256 + 256 + 256·256 + 256 + 256·10 + 10 = 269322.
  const [mnistMlp] = configsOf(
    'data: { kind: mnist, classes: 10 }\nmodel: { kind: mlp, hidden: [256, 256] }\ntrain: { steps: 100, batch_size: 128, eval_every: 100 }\noptimizers: [{ kind: adam, lr: 0.001 }]',
  );
  const mnist = sizedDataset(784, 10, 10000, 2000);

  it('counts a run\'s floats: parameters, state, activations of the full-batch evaluation', () => {
    // parameters: 6 P + 2 x 2 P (adam's two moments, before and after) = 10 P = 2693220;
    // activations: 3 x 10000 rows x (256 + 256 + 10) + 128 x (784 + 10) = 15660000 + 101632 = 15761632.
    expect(runFloats(runShapeOf(mnistMlp, mnist))).toEqual({ parameters: 2693220, activations: 15761632, ntk: 0, kernel: 0, total: 18454852 });
  });

  it("counts an infinite-ntk run's kernels: (n_train + n_test) x n_train floats", () => {
    const [infinite] = configsOf('data: { kind: linear-regression, dim: 8, n_train: 512, n_test: 256 }\nmodel: { kind: infinite-ntk }\noptimizers: [{ kind: gd }]');
    // kernels: (512 + 256) x 512 = 393216; no parameters: 0; activations: the full-batch 512 rows of d + o = 9 (4608)
    // and 3 x 512 rows x (0 hidden + 1 output) of the evaluation = 1536.
    expect(runFloats(runShapeOf(infinite, sizedDataset(8, 1, 512, 256)))).toEqual({ parameters: 0, activations: 6144, ntk: 0, kernel: 393216, total: 399360 });
  });

  it('bounds an MNIST MLP cohort by memory at 14 runs and trains each run alone for dispatch on wasm', () => {
    const shape = runShapeOf(mnistMlp, mnist);
    // Budget min(256 Mi, 4294901760 / 16) = 268431360 floats, minus the data (12000 x 794 = 9528000), over
    // 18454852 floats a run: 14.03.
    expect(memoryBoundRuns(shape, mnist, 'wasm')).toBe(14);
    // ops 3 x (13 + 3 x 2) = 57: 0.456 ms; flops 6·128·P + 8·10000·P/100 = 422296896: 35.19 ms at 12 GFLOP/s;
    // 0.456 ms x 0.95 / (0.05 x 35.19 ms) = 0.25: dispatch is under 5% of a run's step already, each run alone.
    expect(dispatchBoundRuns(shape, 'wasm')).toBe(1);
    expect(cohortCapacity(mnistMlp, mnist, 'wasm')).toBe(1);
    // cpu: 0.23 ms of dispatch against 845 ms of arithmetic: every run alone.
    expect(cohortCapacity(mnistMlp, mnist, 'cpu')).toBe(1);
  });

  it('keeps a sweep of small linear runs in one cohort of at most 256', () => {
    const [linear] = configsOf('data: { kind: linear-regression, dim: 32 }\nmodel: { kind: linear }\ntrain: { steps: 100, batch_size: 32, eval_every: 100 }\noptimizers: [{ kind: adam, lr: 0.01 }]');
    const data = sizedDataset(32, 1, 512, 256);
    // P = 33; ops 13 + 3 x 2 = 19: 0.152 ms; flops 6·32·33 + 8·512·33/100 = 7687.68: 0.64064 µs;
    // 0.152 ms x 0.95 / (0.05 x 0.64064 µs) = 4507.99.
    expect(dispatchBoundRuns(runShapeOf(linear, data), 'wasm')).toBe(4508);
    expect(cohortCapacity(linear, data, 'wasm')).toBe(256);
  });

  it('bounds a cohort by memory when the training set is large', () => {
    const [linear] = configsOf('data: { kind: linear-regression, dim: 32 }\nmodel: { kind: linear }\ntrain: { steps: 100, batch_size: 32, eval_every: 1000 }\noptimizers: [{ kind: sgd, lr: 0.01 }]');
    const data = sizedDataset(32, 1, 1_000_000, 1000);
    // A run: 6 x 33 + 3 x 1e6 x 1 + 32 x 33 = 3001254 floats; data 1001000 x 33 = 33033000;
    // (268431360 - 33033000) / 3001254 = 78.4. Dispatch: 13 ops = 0.104 ms against (6336 + 264000) flops =
    // 22.5 µs: 88 runs; so memory decides.
    expect(memoryBoundRuns(runShapeOf(linear, data), data, 'wasm')).toBe(78);
    expect(cohortCapacity(linear, data, 'wasm')).toBe(78);
  });
});

describe('stateFloatsPerParam', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('matches the state each optimizer recipe reports once built', () => {
    const kinds = ['sgd', 'momentum', 'nesterov', 'signsgd', 'rmsprop', 'adagrad', 'adam', 'adamw', 'lion'];
    const configs = configsOf(`data: { kind: linear-regression, dim: 3 }\noptimizers:\n${kinds.map((k) => `  - { kind: ${k}, lr: 0.01 }`).join('\n')}`);
    for (const config of configs) {
      const optimizer = buildOptimizer([config.optimizer], { xTrain: new Float32Array(12), nTrain: 4, dim: 3, modelKind: 'linear' });
      const state = optimizer.init([tf.zeros([1, 3, 1]), tf.zeros([1, 1])]);
      expect([config.optimizer.kind, MOMENT_FLOATS_PER_PARAM[config.optimizer.kind]]).toEqual([config.optimizer.kind, optimizer.stateFloatsPerParam]);
      tf.dispose(state as tf.Tensor[]);
      optimizer.dispose();
    }
  });
});

describe('assertRunFits', () => {
  // MLP 32-w-w-1 with sgd, batch 32, 512 + 256 rows: P = w² + 35 w + 1, and 4 bytes x (6 P + 3 x 512 x (2w + 1)
  // + 32 x 33 + 768 x 33) = 24 w² + 13128 w + 111768 bytes against wasm's 4294901760.
  const mlp = (width: number) =>
    configsOf(`data: { kind: linear-regression, dim: 32 }\nmodel: { kind: mlp, hidden: [${width}, ${width}] }\ntrain: { steps: 1, batch_size: 32 }\noptimizers: [{ kind: sgd, lr: 0.01 }]`)[0];
  const data = sizedDataset(32, 1, 512, 256);

  it('lets a run that fits the wasm heap through (w = 13000: 4226775768 bytes)', () => {
    expect(() => assertRunFits(mlp(13000), data, 'wasm', 'big.yaml')).not.toThrow();
  });

  it('refuses one that does not, naming the file, the field and the size (w = 13500: 4551339768 bytes = 4.24 GiB)', () => {
    expect(() => assertRunFits(mlp(13500), data, 'wasm', 'big.yaml')).toThrow(UserError);
    expect(() => assertRunFits(mlp(13500), data, 'wasm', 'big.yaml')).toThrow(
      /^big\.yaml: model\.hidden: one run needs ~4\.24 GiB of tensors \(P = 1\.8e8 parameters: .*\), more than the wasm backend can address \(4 GiB\); reduce the width$/,
    );
  });

  it('names the training set when the evaluation pass is what does not fit', () => {
    const [linear] = configsOf('data: { kind: linear-regression, dim: 32 }\nmodel: { kind: mlp, hidden: [1000] }\ntrain: { steps: 1, batch_size: 32 }\noptimizers: [{ kind: sgd, lr: 0.01 }]');
    // Activations 3 x 2e6 x 1001 = 6.0e9 floats: 22 GiB, against parameters 6 x 34001 x 4 bytes.
    expect(() => assertRunFits(linear, sizedDataset(32, 1, 2_000_000, 1000), 'wasm', 'big.yaml')).toThrow(/^big\.yaml: data\.n_train: one run needs ~22\.\d+ GiB .*reduce the training \(or test\) set$/);
  });
});

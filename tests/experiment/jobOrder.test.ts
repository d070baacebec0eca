// The schedule: cohorts split where dispatch no longer dominates (whatever --jobs is), the longest first, and a
// run too big for the backend refused before anything trains, through the CLI as a user meets it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scheduleCohorts } from '../../src/experiment/jobOrder.js';
import { UserError } from '../../src/lib/errors.js';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { plannedRuns, sizedDatasets } from '../helpers/runs.js';

const dir = mkdtempSync(join(tmpdir(), 'optlab-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));



describe('scheduleCohorts', () => {
  it('splits runs into pieces of K_dispatch runs, longest first, seeds in plan order', () => {
    // 6 seeds of MLP 784-256-256-10 (K_dispatch 1 on wasm, cohortCapacity.test.ts) and 6 of a linear model on the
    // same data: six MLP runs alone, each ~100 x (0.456 ms + 35 ms), then the linear runs in pieces of
    // K_dispatch = ceil(19 ops x 8 µs x 0.95 / (0.05 x (6·128·7850 + 8·10000·7850/100) / 12e9)) = ceil(2.82) = 3.
    const body = (model: string) =>
      `seeds: [0, 1, 2, 3, 4, 5]\ndata: { kind: mnist, classes: 10 }\nmodel: ${model}\n` +
      'train: { steps: 100, batch_size: 128, eval_every: 100 }\noptimizers: [{ kind: adam, lr: 0.001 }]';
    const runs = [...plannedRuns(body('{ kind: linear }')), ...plannedRuns(body('{ kind: mlp, hidden: [256, 256] }'))];
    const jobs = scheduleCohorts(runs, sizedDatasets(runs, 784, 10, 10000, 2000), { backend: 'wasm' });
    expect(jobs.map((job) => [job.cohort.runs[0].config.model.kind, job.cohort.runs.length])).toEqual([
      ['mlp', 1],
      ['mlp', 1],
      ['mlp', 1],
      ['mlp', 1],
      ['mlp', 1],
      ['mlp', 1],
      ['linear', 3],
      ['linear', 3],
    ]);
    // Seeds stay in plan order across the pieces.
    expect(jobs.slice(0, 6).flatMap((job) => job.cohort.runs.map((run) => run.seed))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(jobs.slice(6).flatMap((job) => job.cohort.runs.map((run) => run.seed))).toEqual([0, 1, 2, 3, 4, 5]);
    // Estimated seconds: 100 steps x (57 ops x 8 µs + 422296896 flops / 12e9) = 3.565 s.
    expect(jobs[0].cost).toBeCloseTo(100 * (57 * 8e-6 + 422296896 / 12e9), 9);
  });

  it('throws a UserError naming the source before scheduling anything when one run cannot fit', () => {
    const runs = plannedRuns('data: { kind: linear-regression }\nmodel: { kind: mlp, width: 1000000, depth: 4 }\noptimizers: [{ kind: adam, lr: 0.01 }]');
    const schedule = () => scheduleCohorts(runs, sizedDatasets(runs, 32, 1, 512, 256), { backend: 'wasm', source: 'big.yaml' });
    expect(schedule).toThrow(UserError);
    expect(schedule).toThrow(/^big\.yaml: model\.hidden: one run needs ~109 TiB of tensors/);
  });
});

describe('optlab run with a run too big for the backend', () => {
  // P = 32e6 + 1e6 + 3 (1e12 + 1e6) + 1e6 + 1 = 3.0e12; with adam 10 P floats of 4 bytes: 1.2e14 bytes = 109 TiB.
  const config = 'name: huge\ndata: { kind: linear-regression }\nmodel: { kind: mlp, width: 1000000, depth: 4 }\ntrain: { steps: 10 }\noptimizers: [{ kind: adam, lr: 0.01 }]\n';

  for (const [backend, limit] of [
    ['wasm', 'the wasm backend can address \\(4 GiB\\)'],
    ['cpu', "this machine's memory \\([\\d.]+ [GT]iB\\) on the cpu backend"],
  ]) {
    it(`exits 2 on ${backend} with the estimate, no stack trace and nothing trained`, () => {
      const cwd = mkdtempSync(join(dir, `cli-${backend}-`));
      writeFileSync(join(cwd, 'huge.yaml'), config);
      const result = runOptlab(cwd, 'run', 'huge.yaml', '--out', 'results', '--backend', backend, '--jobs', '1');
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(`^optlab: huge\\.yaml: model\\.hidden: one run needs ~109 TiB of tensors \\(P = 3\\.0e12 parameters: .*\\), more than ${limit}; reduce the width$`, 'm'),
      );
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(existsSync(join(cwd, 'results'))).toBe(false);
    });
  }
});

// Runs with model.init_from train after the mlp runs they start from, from those runs' final parameters (kept
// in final_params.json), and a source that lost its parameters is trained again on a re-run.
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, expect, it } from 'vitest';
import { UserError } from '../../src/lib/errors.js';
import { shardRuns } from '../../src/plan/shard.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import type { PlannedRun } from '../../src/plan/types.js';
import { describeEachBackend } from '../helpers/backends.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-init-from-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = {
  name: 'probe',
  seeds: [0, 1],
  data: { kind: 'spirals', n_train: 90, n_test: 30 },
  model: { kind: ['mlp', 'linear-probe'], width: 16, depth: 2, init_from: ['init', 'mlp'] },
  train: { steps: 150, batch_size: 'full', eval_every: 50 },
  optimizers: [{ kind: 'adam', lr: 0.03 }],
};

type Row = Record<string, string>;
const curve = (dir: string, run: PlannedRun): Row[] => parse(readFileSync(join(dir, 'runs', run.id, 'curve.csv')), { columns: true }) as Row[];

describeEachBackend('model.init_from', (backend) => {
  it('starts each run from its mlp source, trained first', async () => {
    const plan = loadPlan(config);
    const result = await runExperiment(plan, { outRoot: join(root, backend), backend });
    expect(result.records.map((r) => r.status)).toEqual(plan.runs.map(() => 'complete'));
    const find = (kind: string, from: string, seed: number) =>
      plan.runs.find((r) => r.config.model.kind === kind && (r.config.model as { init_from?: string }).init_from === from && r.seed === seed)!;
    for (const seed of [0, 1]) {
      const source = find('mlp', 'init', seed);
      // An mlp started from the trained mlp is at its parameters at step 0: the same full-batch train loss.
      const sourceEnd = Number(curve(result.outDir, source).at(-1)!.train_loss);
      const continued = curve(result.outDir, find('mlp', 'mlp', seed));
      expect(Number(continued[0].step)).toBe(0);
      expect(Number(continued[0].train_loss)).toBeCloseTo(sourceEnd, 5);
      // The probe of the learned features fits far better than the probe of the random ones (same head, same steps).
      const learned = Number(curve(result.outDir, find('linear-probe', 'mlp', seed)).at(-1)!.train_loss);
      const random = Number(curve(result.outDir, find('linear-probe', 'init', seed)).at(-1)!.train_loss);
      expect(learned).toBeLessThan(random / 3);
      // The source's folder keeps its parameters: 2-16-16-3 with biases, in the model's order W0, b0, W1, b1, W2, b2.
      const kept = JSON.parse(readFileSync(join(result.outDir, 'runs', source.id, 'final_params.json'), 'utf8')) as { params: number[][] };
      expect(kept.params.map((p) => p.length)).toEqual([32, 16, 256, 16, 48, 3]);
    }

    // A source whose parameters are gone is trained again; its dependants, finished, are not.
    const source = find('mlp', 'init', 0);
    unlinkSync(join(result.outDir, 'runs', source.id, 'final_params.json'));
    const again = await runExperiment(plan, { outRoot: join(root, backend), backend });
    expect(again.trained).toBe(1);
    expect(readFileSync(join(again.outDir, 'runs', source.id, 'final_params.json'), 'utf8')).toContain('"params"');
  });

  it('refuses, before anything trains, a shard holding a run whose source is in a shard not yet run', async () => {
    const plan = loadPlan(config);
    // The first of 4 shards (each plan's runs split the same way) that holds a dependant without its source.
    const count = 4;
    const index = [1, 2, 3, 4].find((i) => {
      const ids = new Set(shardRuns(plan.runs, { index: i, count }).map((run) => run.id));
      return [...ids].some((id) => {
        const from = plan.runs.find((run) => run.id === id)!.initFrom;
        return from !== undefined && !ids.has(from);
      });
    })!;
    expect(index).toBeDefined();
    const outRoot = join(root, `shard-${backend}`);
    await expect(runExperiment(plan, { outRoot, backend, shard: { index, count } })).rejects.toThrow(UserError);
    await expect(runExperiment(plan, { outRoot, backend, shard: { index, count } })).rejects.toThrow(/in another shard and has not finished: train that shard first/);
    expect(existsSync(join(outRoot, plan.name, 'runs'))).toBe(false);
  });
});

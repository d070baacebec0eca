// Shards: property tests over many random plans (disjoint, covering, deterministic, balanced), worked examples of
// the deal and of cohort splitting, the cost estimate against parameter counts done by hand, and --shard parsing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/config/types.js';
import { UsageError } from '../../src/lib/errors.js';
import { groupCohorts } from '../../src/plan/cohorts.js';
import { modelParameterCount } from '../../src/models/parameterCount.js';
import { dataShapeOf, estimatedRunCost } from '../../src/plan/runCost.js';
import { assignShards, formatShard, parseShard, shardRuns } from '../../src/plan/shard.js';
import type { PlannedRun } from '../../src/plan/types.js';
import { plannedRun } from '../helpers/runs.js';

const linearData = (dim: number) => ({ kind: 'linear-regression', n_train: 64, n_test: 32, dim, condition: 10, noise: 0.1, seed: 0, standardize: false }) as const;
const mlp = (hidden: number[]): ModelConfig => ({
  kind: 'mlp', hidden, activation: 'relu', bias: true, parameterization: 'standard', w_std: 1, b_std: 0.1, output_scale: 1, center: false,
});
const train = (steps: number) => ({ steps, batch_size: 8, loss: 'mse', eval_every: 10, schedule: { kind: 'constant' } }) as const;

/** One group of a random plan: `runs` runs sharing a shape (an MLP of one hidden width, one step count, one optimizer kind). */
interface GroupSpec {
  width: number;
  steps: number;
  kind: 'sgd' | 'adam';
  runs: number;
}

/** The runs of a plan made of these groups; runs differ within a group by seed only. */
function planOf(groups: GroupSpec[]): PlannedRun[] {
  return groups.flatMap((group, g) =>
    Array.from({ length: group.runs }, (_, seed) =>
      plannedRun(`g${g}s${seed}`, { seed, model: mlp([group.width]), train: train(group.steps), data: linearData(4), optimizer: { kind: group.kind, name: `${group.kind}-${g}` } }),
    ),
  );
}

/**
 * Independent reference of a run's cost for the plans above: an MLP 4 -> w -> 1 with biases has
 * 4w + w (first layer) + w + 1 (output layer) = 6w + 1 parameters; cost = steps x parameters.
 */
function referenceCost(run: PlannedRun): number {
  const model = run.config.model as { hidden: number[] };
  return run.config.train.steps * (6 * model.hidden[0] + 1);
}

const groupSpec = fc.record({
  width: fc.constantFrom(8, 32, 128, 512),
  steps: fc.constantFrom(100, 300, 1000),
  kind: fc.constantFrom('sgd' as const, 'adam' as const),
  runs: fc.integer({ min: 1, max: 24 }),
});
const plans = fc.array(groupSpec, { minLength: 1, maxLength: 8 });

describe('assignShards', () => {
  it('gives pairwise disjoint shards that together hold every run exactly once', () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 12 }), (groups, count) => {
        const runs = planOf(groups);
        const shards = assignShards(runs, count);
        expect(shards).toHaveLength(count);
        const ids = shards.flat().map((run) => run.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(runs.map((run) => run.id).sort());
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic and keeps plan order inside each shard', () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 8 }), (groups, count) => {
        const runs = planOf(groups);
        const ids = (shards: PlannedRun[][]) => shards.map((shard) => shard.map((run) => run.id));
        // A fresh plan built from the same config: equal runs, different objects.
        expect(ids(assignShards(runs, count))).toEqual(ids(assignShards(planOf(groups), count)));
        for (const shard of assignShards(runs, count)) {
          const positions = shard.map((run) => runs.indexOf(run));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every shard within 1.5x the mean cost with 4 or more shards on mixed-width plans', () => {
    fc.assert(
      fc.property(fc.array(groupSpec, { minLength: 2, maxLength: 8 }), fc.integer({ min: 4, max: 16 }), (groups, count) => {
        const runs = planOf(groups);
        const costs = runs.map(referenceCost);
        const mean = costs.reduce((a, b) => a + b, 0) / count;
        // Balance is possible only when no single run (which cannot be split) is beyond half a shard's share.
        fc.pre(new Set(groups.map((g) => g.width)).size > 1 && Math.max(...costs) <= mean / 2);
        for (const shard of assignShards(runs, count)) {
          const cost = shard.reduce((sum, run) => sum + referenceCost(run), 0);
          expect(cost).toBeLessThanOrEqual(1.5 * mean);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never splits a cohort that fits on any shard, and always splits one that fits on none', () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 6 }), (groups, count) => {
        const runs = planOf(groups);
        const mean = runs.reduce((sum, run) => sum + referenceCost(run), 0) / count;
        // With every run within a quarter of the mean, whole-cohort deals can always be balanced within 1.25 x mean.
        fc.pre(Math.max(...runs.map(referenceCost)) <= 0.25 * mean);
        const shards = assignShards(runs, count);
        for (const cohort of groupCohorts(runs, Number.MAX_SAFE_INTEGER)) {
          const holders = shards.filter((shard) => shard.some((run) => cohort.runs.includes(run))).length;
          const cost = cohort.runs.reduce((sum, run) => sum + referenceCost(run), 0);
          // The least-loaded shard holds at most the mean, so a cohort of at most 0.25 x mean always fits on it
          // within 1.25 x mean; one above 1.25 x mean fits on no shard.
          if (cost <= 0.25 * mean) expect(holders).toBe(1);
          if (cost > 1.25 * mean) expect(holders).toBeGreaterThan(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('deals whole cohorts, costliest first, to the least-loaded shard', () => {
    // Groups 0 and 2 differ only in arm name, as do 1 and 3: two cohorts, sgd (5 runs) and adam (3 runs).
    // Costs (steps x (6w + 1) per run): sgd 5 x 100 x 49 = 24500, adam 3 x 4900 = 14700; mean over 2 shards
    // 19600, limit 1.25 x 19600 = 24500. sgd goes whole to shard 1 (24500 <= 24500), adam to shard 2.
    const runs = planOf([
      { width: 8, steps: 100, kind: 'sgd', runs: 3 },
      { width: 8, steps: 100, kind: 'adam', runs: 2 },
      { width: 8, steps: 100, kind: 'sgd', runs: 2 },
      { width: 8, steps: 100, kind: 'adam', runs: 1 },
    ]);
    const [first, second] = assignShards(runs, 2);
    expect(first.map((run) => run.id)).toEqual(['g0s0', 'g0s1', 'g0s2', 'g2s0', 'g2s1']);
    expect(second.map((run) => run.id)).toEqual(['g1s0', 'g1s1', 'g3s0']);
  });

  it('cuts a cohort too costly for any shard into near-equal parts of about the mean', () => {
    // One cohort of 10 equal runs over 3 shards: mean 10/3 runs, limit 1.25 x 10/3 = 4.17 < 10, so it is cut
    // into ceil(10 / (10/3)) = 3 parts of at most ceil(10/3) = 4 runs: 4, 3, 3, one per shard.
    const runs = planOf([{ width: 8, steps: 100, kind: 'sgd', runs: 10 }]);
    expect(assignShards(runs, 3).map((shard) => shard.length)).toEqual([4, 3, 3]);
    expect(shardRuns(runs, { index: 3, count: 3 }).map((run) => run.id)).toEqual(['g0s7', 'g0s8', 'g0s9']);
  });

  it('halves parts until the costliest shard is within the limit', () => {
    // A: 12 runs of 100 x 3073 = 307300 (3687600); B: 2 runs of 1000 x 769 = 769000 (1538000). Over 5 shards the
    // mean is 1045120, the limit 1306400: A is cut into 4 parts of 3 runs (921900), B into 2 single runs. Dealt,
    // the 4 A parts fill shards 1-4 and both B runs land on shard 5 (1538000 > limit); halving two A parts
    // (into 2 + 1 runs) deals A 3 | A 3 | B + A | B + A | A 2 + A 2, the costliest 4 x 307300 = 1229200 <= limit.
    const runs = planOf([{ width: 512, steps: 100, kind: 'sgd', runs: 12 }, { width: 128, steps: 1000, kind: 'sgd', runs: 2 }]);
    const shards = assignShards(runs, 5);
    const label = (shard: PlannedRun[]) => shard.map((run) => run.id.slice(0, 2)).join(' ');
    expect(shards.map(label)).toEqual(['g0 g0 g0', 'g0 g0 g0', 'g0 g1', 'g0 g1', 'g0 g0 g0 g0']);
  });

  it('leaves shards empty when there are more shards than runs', () => {
    const runs = planOf([{ width: 8, steps: 100, kind: 'sgd', runs: 2 }]);
    expect(assignShards(runs, 4).map((shard) => shard.length)).toEqual([1, 1, 0, 0]);
    expect(assignShards([], 3)).toEqual([[], [], []]);
  });
});

describe('estimatedRunCost', () => {
  it('is steps x parameters, parameters counted by hand', () => {
    // linear on dim 32, one output: W 32 + b 1 = 33 parameters.
    expect(estimatedRunCost(plannedRun('a', { data: linearData(32), train: train(2000) }).config)).toBe(2000 * 33);
    // mlp 784 -> 128 -> 64 -> 10 with biases: 784*128 + 128 + 128*64 + 64 + 64*10 + 10 = 109386.
    const digits = { kind: 'mnist', n_train: 100, n_test: 10, classes: 10, seed: 0, standardize: false } as const;
    expect(modelParameterCount(mlp([128, 64]), dataShapeOf(digits))).toBe(109386);
    // Without biases: 784*128 + 128*64 + 64*10 = 109184.
    expect(modelParameterCount({ ...mlp([128, 64]), bias: false } as ModelConfig, dataShapeOf(digits))).toBe(109184);
    // moons: 2 inputs, 2 classes; ridge: (2 + 1) x 2 = 6.
    expect(modelParameterCount({ kind: 'ridge', init: 'zeros', lambda: 0.1 }, dataShapeOf({ kind: 'moons', n_train: 10, n_test: 10, noise: 0.1, seed: 0, standardize: false }))).toBe(6);
  });

  it('is steps x n_train x outputs for infinite-ntk, which updates its coefficients of f in Θ', () => {
    const model: ModelConfig = { kind: 'infinite-ntk', depth: 1, activation: 'relu', bias: true, parameterization: 'ntk', w_std: 1, b_std: 0.1, output_scale: 1 };
    // linearData(32) has 64 training examples, one output: 300 x 64 x 1.
    expect(estimatedRunCost(plannedRun('a', { data: linearData(32), model, train: train(300) }).config)).toBe(300 * 64);
  });
});

describe('parseShard', () => {
  it('reads I/N', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(formatShard(parseShard('1/1'))).toBe('1/1');
  });

  it('reads auto/N from a Kubernetes completion index (0-based) or a Slurm array task id (from its minimum)', () => {
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '5' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '0' })).toEqual({ index: 1, count: 4 });
  });

  it('refuses malformed specs, shards out of range and auto without an array-job index, naming what to do', () => {
    for (const spec of ['2', '0/4', '5/4', '1/0', 'a/4', '2/4/1', '-1/4']) expect(() => parseShard(spec), spec).toThrow(UsageError);
    expect(() => parseShard('auto/4', {})).toThrow(/JOB_COMPLETION_INDEX.*SLURM_ARRAY_TASK_ID.*--shard 1\/4/);
    expect(() => parseShard('auto/4', { JOB_COMPLETION_INDEX: '4' })).toThrow(/gives shard 5, outside 1\.\.4/);
    expect(() => parseShard('auto/4', { SLURM_ARRAY_TASK_ID: 'x' })).toThrow(UsageError);
  });
});

// `optlab summary` and `plot` over folders that hold runs of more than one plan (an earlier `--set`, a scripted
// loop): groups never pool runs whose configs differ in more than the seed. Expected means and stds are worked
// out by hand from the final losses the fixtures write.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../src/output/runFolder.js';
import type { RunConfig } from '../../src/config/types.js';
import { runOptlab } from '../helpers/cli.js';
import { curveRow, runRecord, SAMPLE_CONFIG } from '../output/fixtures.js';
import { freshRoot } from '../report/fixtures.js';
import { legendLabels, markItems, parseSvg } from '../report/svgMarks.js';

let root: string;
const optlab = (...args: string[]) => runOptlab(root, ...args);

/** One finished run of arm adam or sgd with the given config changes, whose train loss ends at `final` (step 20). */
interface Run {
  id: string;
  arm: 'adam' | 'sgd';
  seed: number;
  lr: number;
  steps?: number;
  final: number;
}

async function writeFolder(name: string, runs: readonly Run[], planIds: readonly string[]): Promise<string> {
  const dir = join(root, name);
  for (const run of runs) {
    const optimizer = run.arm === 'adam' ? { ...SAMPLE_CONFIG.optimizer, lr: run.lr } : { kind: 'sgd' as const, name: 'sgd', lr: run.lr, weight_decay: 0 };
    const config: RunConfig = { ...SAMPLE_CONFIG, name, seed: run.seed, optimizer, train: { ...SAMPLE_CONFIG.train, steps: run.steps ?? 20 } };
    // A scalar `--set` sweeps nothing: like optlab run after one, every run's `swept` is empty.
    await writeRunFolder(dir, runRecord({
      run_id: run.id, arm: run.arm, seed: run.seed, config, swept: {},
      curve: [curveRow(0, 1, 1.1), curveRow(10, (1 + run.final) / 2, 0.6), curveRow(20, run.final, run.final + 0.1)],
    }));
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'plan.json'), JSON.stringify({ name, swept_fields: [], run_ids: planIds }));
  return dir;
}

/** summary --format csv parsed by csv-parse, not by the code under test. */
function csvRows(stdout: string): Record<string, string>[] {
  return parse(stdout, { columns: true });
}

let twoPlans: string;
let loop: string;

beforeAll(async () => {
  root = await freshRoot();
  // Two plans into one --out: the config's 20 steps, then `--set train.steps=10` (plan.json is the second's).
  twoPlans = await writeFolder('two-plans', [
    { id: 'a20s0', arm: 'adam', seed: 0, lr: 0.01, final: 0.1 },
    { id: 'a20s1', arm: 'adam', seed: 1, lr: 0.01, final: 0.3 },
    { id: 'g20s0', arm: 'sgd', seed: 0, lr: 0.1, final: 0.4 },
    { id: 'g20s1', arm: 'sgd', seed: 1, lr: 0.1, final: 0.6 },
    { id: 'a10s0', arm: 'adam', seed: 0, lr: 0.01, steps: 10, final: 0.5 },
    { id: 'a10s1', arm: 'adam', seed: 1, lr: 0.01, steps: 10, final: 0.9 },
    { id: 'g10s0', arm: 'sgd', seed: 0, lr: 0.1, steps: 10, final: 0.7 },
    { id: 'g10s1', arm: 'sgd', seed: 1, lr: 0.1, steps: 10, final: 0.8 },
  ], ['a10s0', 'a10s1', 'g10s0', 'g10s1']);
  // A script looping loadPlan(cfg, { set: ['optimizers[0].lr=X'] }) + runExperiment over 4 lrs, 2 seeds each.
  const lrs = [0.001, 0.01, 0.1, 1];
  const finals = [[0.8, 0.6], [0.5, 0.3], [0.2, 0.1], [0.05, 0.01]];
  loop = await writeFolder('loop', lrs.flatMap((lr, i) => [0, 1].map((seed) => ({ id: `l${i}s${seed}`, arm: 'adam' as const, seed, lr, final: finals[i][seed] }))), ['l3s0', 'l3s1']);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('optlab summary over runs of several plans', () => {
  it('keeps 10-step and 20-step runs apart, names train.steps, and says the folder holds two plans', () => {
    const { status, stdout, stderr } = optlab('summary', twoPlans, '--format', 'csv', '--sort', 'final_train_loss');
    expect(status).toBe(0);
    const rows = csvRows(stdout);
    expect(rows.map((row) => [row.arm, row['train.steps'], row.seeds])).toEqual([
      ['adam', '20', '2'], ['sgd', '20', '2'], ['adam', '10', '2'], ['sgd', '10', '2'],
    ]);
    // Means over each group's two seeds: (0.1 + 0.3)/2, (0.4 + 0.6)/2, (0.5 + 0.9)/2, (0.7 + 0.8)/2; sample std
    // of two values a, b is |a − b| / √2.
    const expected = [[0.2, 0.2 / Math.SQRT2], [0.5, 0.2 / Math.SQRT2], [0.7, 0.4 / Math.SQRT2], [0.75, 0.1 / Math.SQRT2]];
    rows.forEach((row, i) => {
      expect(Number(row.final_train_loss_mean)).toBeCloseTo(expected[i][0], 12);
      expect(Number(row.final_train_loss_std)).toBeCloseTo(expected[i][1], 12);
    });
    expect(stderr).toContain('holds runs of more than one plan: plan.json (the plan last run into it) lists 4 of its 8 finished runs');
    expect(stderr).toContain("plan.json's runs (4): steps=10");
    expect(stderr).toContain('other runs (4): steps=20');
  });

  it('with --plan current, summarises only the runs plan.json lists', () => {
    const { status, stdout, stderr } = optlab('summary', twoPlans, '--format', 'csv', '--plan', 'current');
    expect(status).toBe(0);
    const rows = csvRows(stdout);
    expect(rows.map((row) => row.arm).sort()).toEqual(['adam', 'sgd']);
    const adam = rows.find((row) => row.arm === 'adam')!;
    expect(Number(adam.final_train_loss_mean)).toBeCloseTo(0.7, 12);
    expect(stderr).toContain("summarised: plan.json's 4 only");
  });

  it('gives a scripted loop over 4 lrs four groups of two seeds, each with its own lr', () => {
    const { status, stdout } = optlab('summary', loop, '--format', 'csv', '--sort', 'final_train_loss');
    expect(status).toBe(0);
    const rows = csvRows(stdout);
    expect(rows.map((row) => [row['optimizer.lr'], row.seeds])).toEqual([['1', '2'], ['0.1', '2'], ['0.01', '2'], ['0.001', '2']]);
    // (0.05 + 0.01)/2, (0.2 + 0.1)/2, (0.5 + 0.3)/2, (0.8 + 0.6)/2; stds |a − b| / √2.
    const expected = [[0.03, 0.04], [0.15, 0.1], [0.4, 0.2], [0.7, 0.2]];
    rows.forEach((row, i) => {
      expect(Number(row.final_train_loss_mean)).toBeCloseTo(expected[i][0], 12);
      expect(Number(row.final_train_loss_std)).toBeCloseTo(expected[i][1] / Math.SQRT2, 12);
    });
    const table = optlab('summary', loop).stdout.split('\n');
    expect(table[0]).toMatch(/^#\s+arm\s+lr\s+n\s+diverged/);
  });

  it('draws the loop as four curves, each legend naming its lr and its n', () => {
    const out = join(root, 'loop-curves.svg');
    expect(optlab('plot', loop, '--out', out).status).toBe(0);
    const svg = parseSvg(readFileSync(out, 'utf8'));
    expect(legendLabels(svg).sort()).toEqual(['adam lr=0.001 (n=2)', 'adam lr=0.01 (n=2)', 'adam lr=0.1 (n=2)', 'adam lr=1 (n=2)']);
    expect(markItems(svg, 'mean_line')).toHaveLength(4);
  });

  it('refuses --plan current in a folder without plan.json, saying what to do', async () => {
    const bare = join(root, 'bare');
    await writeFolder('bare', [{ id: 'x', arm: 'sgd', seed: 0, lr: 0.1, final: 0.5 }], []);
    await rm(join(bare, 'plan.json'));
    const { status, stderr } = optlab('summary', bare, '--plan', 'current');
    expect(status).toBe(2);
    expect(stderr).toContain('has no plan.json');
    expect(stderr).toContain('--plan all');
  });
});

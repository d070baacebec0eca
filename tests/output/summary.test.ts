// summary.csv and curves.csv: columns by name, runs in plan order, final/best values worked out by hand from the curves.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Plan, PlannedRun } from '../../src/plan/types.js';
import { writeSummary } from '../../src/output/summary.js';
import { CURVE_COLUMNS, type RunRecord } from '../../src/output/types.js';
import { SAMPLE_CONFIG, curveRow, runRecord } from './fixtures.js';
import { tempDir } from '../helpers/tempDirs.js';

const SWEPT_FIELDS = ['optimizer.lr', 'model.hidden'];

function plannedRun(id: string, arm: string, swept: PlannedRun['swept']): PlannedRun {
  return { id, arm, armIndex: arm === 'adam' ? 0 : 1, seed: 0, config: SAMPLE_CONFIG, swept };
}

const PLAN: Plan = {
  name: 'summary-test',
  sources: ['configs/test.yaml'],
  baseDir: '/tmp',
  runs: [
    plannedRun('a1', 'adam', { 'optimizer.lr': 0.01, 'model.hidden': [8, 8] }),
    plannedRun('a2', 'adam', { 'optimizer.lr': 0.1, 'model.hidden': [16] }),
    plannedRun('s1', 'sgd', { 'optimizer.lr': 0.5, 'model.hidden': [8, 8] }),
  ],
  sweptFields: SWEPT_FIELDS,
};

/** A regression run that converged, then rose a little at its last row. */
const A1 = runRecord({
  run_id: 'a1', arm: 'adam', seed: 0, swept: PLAN.runs[0].swept, extras: { ridge_distance: 0.5 },
  curve: [
    curveRow(0, 1, 1.2, { objective: 1.1 }),
    curveRow(10, 0.5, 0.7, { objective: 0.6 }),
    curveRow(20, 0.25, 0.4, { objective: 0.35 }),
    curveRow(30, 0.3, 0.45, { objective: 0.4 }),
  ],
});
/** A run that diverged at step 20: its best values come from steps 0 and 10 only. */
const A2 = runRecord({
  run_id: 'a2', arm: 'adam', seed: 0, swept: PLAN.runs[1].swept, status: 'diverged', diverged_at: 20,
  curve: [
    curveRow(0, 1, 1),
    curveRow(10, 0.4, 0.6),
    curveRow(20, Number.POSITIVE_INFINITY, Number.NaN),
    curveRow(30, Number.NaN, Number.NaN),
  ],
});
/** A classification run: best accuracy is the highest. */
const S1 = runRecord({
  run_id: 's1', arm: 'sgd', seed: 0, swept: PLAN.runs[2].swept, extras: { alpha_extra: 2 }, state_floats_per_param: 0,
  curve: [
    curveRow(0, 2, 2.5, { train_acc: 0.5, test_acc: 0.4 }),
    curveRow(10, 1, 1.5, { train_acc: 0.9, test_acc: 0.7 }),
    curveRow(20, 1.5, 2, { train_acc: 0.8, test_acc: 0.7 }),
  ],
});

/** The number a CSV cell spells (NaN by name), independent of the code's own parser. */
function cellNumber(cell: string): number {
  return cell === 'NaN' ? Number.NaN : Number(cell);
}

async function writeAndRead(records: RunRecord[]): Promise<{ out: string; summary: Record<string, string>[]; summaryHeader: string; curves: Record<string, string>[]; curvesHeader: string }> {
  const out = tempDir('summary');
  await writeSummary(out, PLAN, records);
  const summaryText = await readFile(join(out, 'summary.csv'), 'utf8');
  const curvesText = await readFile(join(out, 'curves.csv'), 'utf8');
  return {
    out,
    summary: parse(summaryText, { columns: true }),
    summaryHeader: summaryText.split('\n')[0],
    curves: parse(curvesText, { columns: true }),
    curvesHeader: curvesText.split('\n')[0],
  };
}

describe('writeSummary: summary.csv', () => {
  it('has the documented columns, runs in plan order, and nothing else in the folder', async () => {
    const { out, summary, summaryHeader } = await writeAndRead([S1, A2, A1]);
    expect(summaryHeader).toBe([
      'run_id', 'arm', 'optimizer.lr', 'model.hidden', 'seed', 'status', 'diverged_at', 'steps',
      'final_train_loss', 'best_train_loss', 'final_test_loss', 'best_test_loss', 'final_objective', 'best_objective',
      'final_train_acc', 'best_train_acc', 'final_test_acc', 'best_test_acc',
      'final_grad_norm', 'final_param_dist', 'alpha_extra', 'ridge_distance',
      'param_count', 'state_floats_per_param', 'steps_per_second', 'wall_time_ms', 'backend',
      // SAMPLE_CONFIG's adam hyperparameters that no sweep lists: written, not left to the config file.
      'optimizer.kind', 'optimizer.weight_decay', 'optimizer.beta1', 'optimizer.beta2', 'optimizer.eps', 'optimizer.bias_correction',
    ].join(','));
    expect(summary.map((row) => row.run_id)).toEqual(['a1', 'a2', 's1']);
    expect((await readdir(out)).sort()).toEqual(['curves.csv', 'summary.csv']);
  });

  it('reports final = last row and best = lowest loss, from the curve rows written out here', async () => {
    const { summary } = await writeAndRead([A1]);
    const row = summary[0];
    expect(row.arm).toBe('adam');
    expect(row['optimizer.lr']).toBe('0.01');
    expect(row['model.hidden']).toBe('[8,8]');
    expect(row.status).toBe('complete');
    expect(row.diverged_at).toBe('');
    expect(cellNumber(row.steps)).toBe(30);
    // train_loss rows 1, 0.5, 0.25, 0.3: last 0.3, lowest 0.25.
    expect(cellNumber(row.final_train_loss)).toBe(0.3);
    expect(cellNumber(row.best_train_loss)).toBe(0.25);
    // test_loss rows 1.2, 0.7, 0.4, 0.45.
    expect(cellNumber(row.final_test_loss)).toBe(0.45);
    expect(cellNumber(row.best_test_loss)).toBe(0.4);
    // objective rows 1.1, 0.6, 0.35, 0.4.
    expect(cellNumber(row.final_objective)).toBe(0.4);
    expect(cellNumber(row.best_objective)).toBe(0.35);
    // The fixture's last row (step 30) has grad_norm 1/(30+1) and param_dist 30 x 0.1.
    expect(cellNumber(row.final_grad_norm)).toBe(1 / 31);
    expect(cellNumber(row.final_param_dist)).toBe(30 * 0.1);
    expect(cellNumber(row.ridge_distance)).toBe(0.5);
    expect(cellNumber(row.param_count)).toBe(3);
    expect(cellNumber(row.state_floats_per_param)).toBe(2);
    expect(cellNumber(row.steps_per_second)).toBe(24.3);
    expect(cellNumber(row.wall_time_ms)).toBe(1234);
    expect(row.backend).toBe('cpu');
    expect(row).not.toHaveProperty('final_train_acc');
    // SAMPLE_CONFIG's optimizer: adam, weight_decay 0, beta1 0.9, beta2 0.999, eps 1e-8, bias_correction true.
    expect([row['optimizer.kind'], row['optimizer.weight_decay'], row['optimizer.beta1'], row['optimizer.beta2'], row['optimizer.bias_correction']])
      .toEqual(['adam', '0', '0.9', '0.999', 'true']);
    expect(cellNumber(row['optimizer.eps'])).toBe(1e-8);
  });

  it('writes a field in which the runs\' configs differ though no sweep lists it, and each run\'s value of it', async () => {
    // As after `--set train.steps=10` into a folder of 30-step runs: the plan sweeps nothing, yet the runs differ.
    const short = runRecord({ run_id: 'b1', config: { ...SAMPLE_CONFIG, train: { ...SAMPLE_CONFIG.train, steps: 10 } } });
    const long = runRecord({ run_id: 'b2' });
    const out = tempDir('summary');
    await writeSummary(out, { ...PLAN, runs: [], sweptFields: [] }, [short, long]);
    const rows: Record<string, string>[] = parse(await readFile(join(out, 'summary.csv'), 'utf8'), { columns: true });
    expect(rows.map((row) => [row.run_id, row['train.steps']])).toEqual([['b1', '10'], ['b2', '30']]);
    const curves: Record<string, string>[] = parse(await readFile(join(out, 'curves.csv'), 'utf8'), { columns: true });
    expect(curves.map((row) => row['train.steps'])).toEqual(['10', '10', '10', '30', '30', '30']);
  });

  it('takes a diverged run\'s best over its finite rows and its final as the non-finite last row', async () => {
    const { summary } = await writeAndRead([A2]);
    const row = summary[0];
    expect(row.status).toBe('diverged');
    expect(cellNumber(row.diverged_at)).toBe(20);
    // train_loss rows 1, 0.4, Infinity, NaN: last NaN, lowest finite 0.4.
    expect(row.final_train_loss).toBe('NaN');
    expect(cellNumber(row.best_train_loss)).toBe(0.4);
    // test_loss rows 1, 0.6, NaN, NaN.
    expect(row.final_test_loss).toBe('NaN');
    expect(cellNumber(row.best_test_loss)).toBe(0.6);
  });

  it('reports the highest accuracy as best, and leaves cells empty where a run has no value', async () => {
    const { summary } = await writeAndRead([A1, S1]);
    const [a1, s1] = summary;
    // train_acc rows 0.5, 0.9, 0.8; test_acc rows 0.4, 0.7, 0.7.
    expect(cellNumber(s1.final_train_acc)).toBe(0.8);
    expect(cellNumber(s1.best_train_acc)).toBe(0.9);
    expect(cellNumber(s1.final_test_acc)).toBe(0.7);
    expect(cellNumber(s1.best_test_acc)).toBe(0.7);
    // train_loss rows 2, 1, 1.5.
    expect(cellNumber(s1.best_train_loss)).toBe(1);
    expect(cellNumber(s1.alpha_extra)).toBe(2);
    expect(s1.ridge_distance).toBe('');
    expect(a1.final_train_acc).toBe('');
    expect(a1.alpha_extra).toBe('');
  });
});

describe('writeSummary: curves.csv', () => {
  it('has one row per curve row, prefixed with run_id, arm, seed and the swept fields', async () => {
    const { curves, curvesHeader } = await writeAndRead([S1, A1, A2]);
    const hyperparameters = ['optimizer.kind', 'optimizer.weight_decay', 'optimizer.beta1', 'optimizer.beta2', 'optimizer.eps', 'optimizer.bias_correction'];
    expect(curvesHeader).toBe(['run_id', 'arm', 'seed', ...SWEPT_FIELDS, ...CURVE_COLUMNS, 'train_acc', 'test_acc', ...hyperparameters].join(','));
    expect(curves[0]['optimizer.beta1']).toBe('0.9');
    expect(curves.length).toBe(A1.curve.length + A2.curve.length + S1.curve.length);
    expect(curves.map((row) => row.run_id)).toEqual(['a1', 'a1', 'a1', 'a1', 'a2', 'a2', 'a2', 'a2', 's1', 's1', 's1']);
    expect(curves.map((row) => cellNumber(row.step))).toEqual([0, 10, 20, 30, 0, 10, 20, 30, 0, 10, 20]);
    expect(curves[4]).toMatchObject({ arm: 'adam', seed: '0', 'optimizer.lr': '0.1', 'model.hidden': '[16]' });
    expect(curves[6].train_loss).toBe('Infinity');
    expect(curves[6].test_loss).toBe('NaN');
    expect(cellNumber(curves[2].train_loss)).toBe(0.25);
    expect(curves[0].train_acc).toBe('');
    expect(cellNumber(curves[9].train_acc)).toBe(0.9);
    expect(curves[9]['optimizer.lr']).toBe('0.5');
  });
});

// Performance profiles on three small problems whose times to target are chosen by hand (fixtures.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { UsageError } from '../../src/lib/errors.js';
import { loadExperiment, type Experiment } from '../../src/report/experiment.js';
import { performanceProfile } from '../../src/report/performanceProfile.js';
import { formatProfile } from '../../src/report/profileFormat.js';
import { freshRoot, writeProfileProblems } from './fixtures.js';

let root: string;
let problems: Experiment[];

beforeAll(async () => {
  root = await freshRoot();
  problems = [];
  for (const dir of await writeProfileProblems(root)) problems.push(await loadExperiment(dir));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('performanceProfile', () => {
  it('takes each arm at its best group, ratios to the fastest arm, and ρ(τ) as the fraction of problems within τ', () => {
    const profile = performanceProfile(problems, 0.1);
    expect(profile.problems).toEqual(['A', 'B', 'C']);
    // Times: A x 10, y 20; B x 40, y 20; C x ∞, y 30. Ratios: x 1, 2, ∞; y 2, 1, 1.
    expect(['A', 'B', 'C'].map((p) => profile.entries.x[p].ratio)).toEqual([1, 2, Infinity]);
    expect(['A', 'B', 'C'].map((p) => profile.entries.y[p].ratio)).toEqual([2, 1, 1]);
    expect(profile.entries.x.A.bestGroup).toBe('x lr=0.1');
    expect(profile.entries.x.C.bestGroup).toBeNull();
    // ρ_x(1) = 1/3, ρ_x(2) = 2/3 (C never); ρ_y(1) = 2/3, ρ_y(2) = 1.
    expect(profile.curves.x).toEqual([{ tau: 1, rho: 1 / 3 }, { tau: 2, rho: 2 / 3 }]);
    expect(profile.curves.y).toEqual([{ tau: 1, rho: 2 / 3 }, { tau: 2, rho: 1 }]);
  });

  it('scores the area under ρ on [1, 4] over 3', () => {
    const profile = performanceProfile(problems, 0.1);
    // x: ((4 − 1) + (4 − 2) + 0) / (3 · 3) = 5/9; y: ((4 − 2) + (4 − 1) + (4 − 1)) / 9 = 8/9.
    expect(profile.score.x).toBeCloseTo(5 / 9, 15);
    expect(profile.score.y).toBeCloseTo(8 / 9, 15);
  });

  it('measures wall time when asked', () => {
    const profile = performanceProfile(problems, 0.1, 'wall_ms');
    // The fixtures log wall_ms = 2 step + seed + 1: on A, x takes 21 ms and y 41 ms.
    expect(profile.entries.x.A.time).toBe(21);
    expect(profile.entries.y.A.ratio).toBeCloseTo(41 / 21, 15);
  });

  it('lists the arms best first with their times in each format', () => {
    const profile = performanceProfile(problems, 0.1);
    const table = formatProfile(profile, 'table').split('\n');
    // y has one group per problem, so its label is just the arm.
    expect(table[2]).toMatch(/^y\s+0\.889\s+3\/3\s+20 \(2×, y\)\s+20 \(1×, y\)\s+30 \(1×, y\)$/);
    expect(table[3]).toMatch(/not reached$/);
    const csv = formatProfile(profile, 'csv').trim().split('\n');
    expect(csv[0]).toBe('arm,score,solved,A_time,A_ratio,A_best_group,B_time,B_ratio,B_best_group,C_time,C_ratio,C_best_group');
    // On A, x has two groups (lr 0.1 and 0.2), so its best is labelled with its lr; on B it has one.
    expect(csv[2]).toBe(`x,${5 / 9},2,10,1,x lr=0.1,40,2,x,,,`);
    expect(JSON.parse(formatProfile(profile, 'json')).arms[0].arm).toBe('y');
  });

  it('refuses a target already met at step 0', () => {
    expect(() => performanceProfile(problems, 2)).toThrow(UsageError);
  });
});

// Claims checked against a small hand-made summary: each measured value and verdict computed by hand below.
import { describe, expect, it } from 'vitest';
import { evaluateClaim, type ClaimGroup, type ClaimResult } from '../../src/claims/evaluateClaim.js';
import { leastSquaresSlope } from '../../src/report/stats.js';
import { groupsScope } from '../../src/claims/experimentClaims.js';
import { compileClaim } from '../../src/claims/planClaims.js';
import { ClaimSyntaxError } from '../../src/claims/claimSyntaxError.js';

/** A run of the summary: its seed, its columns, and a config holding its optimizer lr and model width. */
function run(seed: number, lr: number, width: number, columns: Record<string, number | string>) {
  return { seed, columns: { status: 'complete', ...columns }, config: { optimizer: { lr }, model: { hidden: [width] } } };
}

/**
 * gd (one group), adam at lr 0.01 and 0.1, and an mlp arm at widths 16, 64, 256 whose kernel drift is
 * c / sqrt(width) with c = 2 on seed 0 and 3 on seed 1: 0.5, 0.25, 0.125 and 0.75, 0.375, 0.1875.
 */
const GROUPS: ClaimGroup[] = [
  { arm: 'gd', swept: {}, runs: [run(0, 0.05, 0, { final_train_loss: 1e-3 }), run(1, 0.05, 0, { final_train_loss: 2e-3 }), run(2, 0.05, 0, { final_train_loss: 3e-3 })] },
  {
    arm: 'adam',
    swept: { 'optimizer.lr': 0.01 },
    runs: [run(0, 0.01, 0, { final_train_loss: 1e-4 }), run(1, 0.01, 0, { final_train_loss: 4e-4 }), run(2, 0.01, 0, { final_train_loss: 2e-4 })],
  },
  {
    arm: 'adam',
    swept: { 'optimizer.lr': 0.1 },
    runs: [run(0, 0.1, 0, { final_train_loss: 5, status: 'diverged' }), run(1, 0.1, 0, { final_train_loss: 6, status: 'diverged' })],
  },
  ...[16, 64, 256].map((width) => ({
    arm: 'mlp',
    swept: { 'model.width': width },
    runs: [run(0, 0.1, width, { final_kernel_rel_change: 2 / Math.sqrt(width) }), run(1, 0.1, width, { final_kernel_rel_change: 3 / Math.sqrt(width) })],
  })),
];
const SWEPT = ['model.width', 'optimizer.lr'];

function check(text: string): ClaimResult {
  return evaluateClaim(compileClaim(text, groupsScope(GROUPS, SWEPT)), GROUPS);
}

describe('evaluateClaim', () => {
  it('checks every seed, paired by seed, and reports the worst one with the ratio', () => {
    // gd / 5 per seed: 2e-4, 4e-4, 6e-4 against adam 1e-4, 4e-4, 2e-4: seed 1 is equal, not below.
    const fails = check('adam[lr=0.01].final_train_loss < gd.final_train_loss / 5');
    expect(fails.passed).toBe(false);
    expect(fails.measured).toBe(4e-4);
    expect(fails.text).toBe('adam[lr=0.01] below gd / 5 on final_train_loss: no, 5x (4e-4 vs 0.002) (fails on 1 of 3 seeds, e.g. seed 1)');
    // gd / 4: 2.5e-4, 5e-4, 7.5e-4: every seed holds; the closest, by ratio, is seed 1 (5e-4 / 4e-4 = 1.25 vs 2.5 and 3.75).
    const holds = check('adam[lr=0.01].final_train_loss < gd.final_train_loss / 4');
    expect(holds.passed).toBe(true);
    expect(holds.text).toBe('adam[lr=0.01] below gd / 4 on final_train_loss: yes, 5x (4e-4 vs 0.002) (worst of 3 seeds: seed 1)');
  });

  it('shows the constants a claim wrote as written, and the values it measured in two digits', () => {
    // adam[lr=0.01] is 1e-4, 4e-4, 2e-4: seed 0 is closest to a bound (5e-6 above 9.5e-5, which two digits
    // would show as 9.5e-5 and 1.05 as 1.1); gd / adam is 10, 5, 15: seed 1 is the worst.
    expect(check('adam[lr=0.01].final_train_loss in [0.000095, 0.00045]').text).toBe(
      'adam[lr=0.01].final_train_loss in [0.000095, 0.00045]: yes, 1e-4 (worst of 3 seeds: seed 0)',
    );
    expect(check('gd.final_train_loss / adam[lr=0.01].final_train_loss > 4.95').text).toBe(
      'gd.final_train_loss / adam[lr=0.01].final_train_loss above 4.95: yes, 5 vs 4.95 (worst of 3 seeds: seed 1)',
    );
  });

  it('aggregates with mean and median when written', () => {
    // mean over seeds: gd 2e-3, adam 7e-4/3 = 2.333e-4; 2e-3 / 5 = 4e-4 > 2.333e-4.
    const mean = check('mean adam[lr=0.01].final_train_loss < gd.final_train_loss / 5');
    expect(mean.passed).toBe(true);
    expect(mean.measured).toBeCloseTo(7e-4 / 3, 15);
    // median of 1e-4, 4e-4, 2e-4 is 2e-4.
    const median = check('median adam[lr=0.01].final_train_loss in [1.9e-4, 2.1e-4]');
    expect(median.passed).toBe(true);
    expect(median.measured).toBe(2e-4);
  });

  it('compares words with ==, on the seeds the group ran', () => {
    expect(check('adam[lr=0.1].status == diverged').passed).toBe(true);
    expect(check('adam[lr=0.01].status == diverged').passed).toBe(false);
  });

  it('fits slope(y, x) over the groups by least squares, on log axes', () => {
    // On each seed, ln drift = ln c - 0.5 ln width exactly, so the slope is -0.5 on both seeds.
    const slope = check('slope(log mlp.final_kernel_rel_change, log model.hidden[0]) in [-0.51, -0.49]');
    expect(slope.passed).toBe(true);
    expect(slope.measured).toBeCloseTo(-0.5, 12);
    expect(check('slope(log mlp.final_kernel_rel_change, log model.hidden[0]) > 0').passed).toBe(false);
    // model.width is swept but folded into model.hidden in the config: it is read from the swept value.
    expect(check('slope(log mlp.final_kernel_rel_change, log model.width) in [-0.51, -0.49]').measured).toBeCloseTo(-0.5, 12);
    expect(check('slope(log mlp.final_kernel_rel_change, log width) in [-0.51, -0.49]').measured).toBeCloseTo(-0.5, 12);
  });

  it('fits the slope a hand-computed least-squares line has', () => {
    // x = 0, 1, 2; y = 1, 2, 6: x̄ = 1, ȳ = 3; Σ(x - x̄)(y - ȳ) = (-1)(-2) + 0 + (1)(3) = 5; Σ(x - x̄)² = 2: slope 2.5.
    expect(leastSquaresSlope([0, 1, 2], [1, 2, 6])).toBe(2.5);
    expect(leastSquaresSlope([1, 1], [1, 2])).toBeNaN();
  });

  it('refuses a claim that names no group or column, saying what exists', () => {
    const refused = (text: string) => {
      try {
        compileClaim(text, groupsScope(GROUPS, SWEPT));
      } catch (error) {
        expect(error).toBeInstanceOf(ClaimSyntaxError);
        return (error as ClaimSyntaxError).reason + ' ' + ((error as ClaimSyntaxError).hint ?? '');
      }
      throw new Error(`expected "${text}" to be refused`);
    };
    expect(refused('adma.final_train_loss < 1')).toContain('did you mean "adam"?');
    expect(refused('gd.final_trian_loss < 1')).toContain('did you mean "final_train_loss"?');
    expect(refused('adam.final_train_loss < 1')).toContain('adam names 2 groups');
    expect(refused('adam[lr=0.3].final_train_loss < 1')).toContain('a value it does not run: its lr values are 0.01, 0.1');
    expect(refused('gd.status < 1')).toContain('only be compared with ==');
  });
});

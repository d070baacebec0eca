// The spirals generator against its definition: class c has points at radii linspace(0, 1, m_c) and
// angles θ = 4 r + 2π c / C + noise ε, at x = (r sin θ, r cos θ).
import { describe, expect, it } from 'vitest';
import type { SpiralsData } from '../../src/config/types.js';
import { makeSpirals } from '../../src/data/spirals.js';

const config = (overrides: Partial<SpiralsData> = {}): SpiralsData => ({
  kind: 'spirals', n_train: 60, n_test: 30, classes: 3, noise: 0, seed: 0, standardize: false, ...overrides,
});

/** Angle differences wrapped to (-π, π]. */
const wrap = (a: number) => a - 2 * Math.PI * Math.round(a / (2 * Math.PI));

/** Each point's radius, class and angle residual θ - (4 r + 2π c / C), wrapped. */
function polar(x: Float32Array, y: Float32Array, classes: number): { r: number; c: number; residual: number }[] {
  return Array.from(y, (c, i) => {
    const [px, py] = [x[2 * i], x[2 * i + 1]];
    const r = Math.hypot(px, py);
    return { r, c, residual: wrap(Math.atan2(px, py) - (4 * r + (2 * Math.PI * c) / classes)) };
  });
}

describe('makeSpirals', () => {
  it('has `classes` classes in 2-D, split evenly', () => {
    const data = makeSpirals(config({ n_train: 10, n_test: 6, classes: 3 }));
    expect(data).toMatchObject({ task: 'classification', dim: 2, outputs: 3, nTrain: 10, nTest: 6 });
    expect(Array.from(data.yTrain).sort()).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('puts noiseless points on their arms at radii linspace(0, 1)', () => {
    const data = makeSpirals(config({ n_train: 20, classes: 4 }));
    const points = polar(data.xTrain, data.yTrain, 4);
    for (let c = 0; c < 4; c++) {
      const radii = points.filter((p) => p.c === c).map((p) => p.r).sort((a, b) => a - b);
      // 20 points over 4 arms: 5 each, at r = 0, 0.25, 0.5, 0.75, 1.
      radii.forEach((r, k) => expect(Math.abs(r - k / 4)).toBeLessThan(1e-6));
    }
    for (const p of points.filter((q) => q.r > 0)) expect(Math.abs(p.residual)).toBeLessThan(1e-5);
  });

  it('adds noise of standard deviation `noise` to the angle only', () => {
    const data = makeSpirals(config({ n_train: 3000, classes: 3, noise: 0.2 }));
    const points = polar(data.xTrain, data.yTrain, 3);
    for (let c = 0; c < 3; c++) {
      const radii = points.filter((p) => p.c === c).map((p) => p.r).sort((a, b) => a - b);
      radii.forEach((r, k) => expect(Math.abs(r - k / 999)).toBeLessThan(1e-6));
    }
    const residuals = points.filter((p) => p.r > 0.01).map((p) => p.residual);
    const rms = Math.sqrt(residuals.reduce((s, e) => s + e * e, 0) / residuals.length);
    expect(Math.abs(rms / 0.2 - 1)).toBeLessThan(0.06);
  });

  it('shuffles the rows, draws test apart from train, and is deterministic by seed', () => {
    const data = makeSpirals(config({ noise: 0.2 }));
    expect(Array.from(data.yTrain.subarray(0, 20))).not.toEqual(new Array(20).fill(0));
    expect(makeSpirals(config({ noise: 0.2 }))).toEqual(data);
    expect(makeSpirals(config({ noise: 0.2, seed: 1 })).xTrain).not.toEqual(data.xTrain);
    const sameSize = makeSpirals(config({ noise: 0.2, n_test: 60 }));
    expect(sameSize.xTest).not.toEqual(sameSize.xTrain);
  });
});

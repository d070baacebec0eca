// The moons generator against make_moons' definition: without noise every point lies on its unit
// half circle at evenly spaced angles; noise moves points off it by its standard deviation.
import { describe, expect, it } from 'vitest';
import type { MoonsData } from '../../src/config/types.js';
import { makeMoons } from '../../src/data/moons.js';

const config = (overrides: Partial<MoonsData> = {}): MoonsData => ({ kind: 'moons', n_train: 64, n_test: 32, noise: 0, seed: 0, standardize: false, ...overrides });

/** Each point's distance from its own moon's circle (outer: centre (0, 0); inner: centre (1, 0.5)), signed. */
function radialOffsets(x: Float32Array, y: Float32Array): number[] {
  return Array.from(y, (label, i) => {
    const [cx, cy] = label === 0 ? [0, 0] : [1, 0.5];
    return Math.hypot(x[2 * i] - cx, x[2 * i + 1] - cy) - 1;
  });
}

describe('makeMoons', () => {
  it('has two classes in 2-D, ⌊m/2⌋ points on the outer moon', () => {
    const data = makeMoons(config({ n_train: 7, n_test: 4 }));
    expect(data).toMatchObject({ task: 'classification', dim: 2, outputs: 2, nTrain: 7, nTest: 4 });
    expect(Array.from(data.yTrain).sort()).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(data.yTest).sort()).toEqual([0, 0, 1, 1]);
  });

  it('puts noiseless points on the two half circles at evenly spaced angles', () => {
    const data = makeMoons(config({ n_train: 10 }));
    radialOffsets(data.xTrain, data.yTrain).forEach((offset) => expect(Math.abs(offset)).toBeLessThan(1e-6));
    const outerAngles: number[] = [];
    const innerAngles: number[] = [];
    data.yTrain.forEach((label, i) => {
      const [px, py] = [data.xTrain[2 * i], data.xTrain[2 * i + 1]];
      // outer: (cos θ, sin θ) with y >= 0; inner: (1 - cos θ, 0.5 - sin θ) with y <= 0.5.
      if (label === 0) outerAngles.push(Math.atan2(py, px));
      else innerAngles.push(Math.atan2(0.5 - py, 1 - px));
    });
    const expected = [0, 1, 2, 3, 4].map((k) => (Math.PI * k) / 4);
    for (const angles of [outerAngles, innerAngles]) {
      angles.sort((a, b) => a - b).forEach((theta, k) => expect(Math.abs(theta - expected[k])).toBeLessThan(1e-6));
    }
  });

  it('moves points off their circles by about `noise`', () => {
    const data = makeMoons(config({ n_train: 4000, noise: 0.05 }));
    const offsets = radialOffsets(data.xTrain, data.yTrain);
    // For noise small next to the radius, the offset is the radial component of the noise: N(0, 0.05²).
    const rms = Math.sqrt(offsets.reduce((s, r) => s + r * r, 0) / offsets.length);
    expect(Math.abs(rms / 0.05 - 1)).toBeLessThan(0.08);
  });

  it('shuffles the rows, draws test apart from train, and is deterministic by seed', () => {
    const data = makeMoons(config({ noise: 0.1 }));
    expect(Array.from(data.yTrain.subarray(0, 32))).not.toEqual(new Array(32).fill(0));
    // Same size, so the same noiseless points: only the independent noise and order tell them apart.
    const sameSize = makeMoons(config({ noise: 0.1, n_test: 64 }));
    expect(sameSize.xTest).not.toEqual(sameSize.xTrain);
    expect(makeMoons(config({ noise: 0.1 }))).toEqual(data);
    expect(makeMoons(config({ noise: 0.1, seed: 1 })).xTrain).not.toEqual(data.xTrain);
  });
});

// The `spirals` dataset: interleaved spiral arms in 2-D, one per class (the CS231n spiral data,
// with the arms spaced evenly round the circle for any number of classes).
//
// Definition, for m points and C = classes: class c has m_c points (classSizes: ⌊m/C⌋, the first
// m mod C classes one more), at radii r = linspace(0, 1, m_c) and angles
//   θ = 4 r + 2π c / C + noise · ε,   ε ~ N(0, 1)
//   x = (r sin θ, r cos θ)
// so each arm turns 4 radians from the centre out to radius 1 (CS231n's linspace(4c, 4(c+1)) turns
// the same 4 radians but starts the arms 4 radians apart rather than 2π/C). Noise is on the angle
// only: every point keeps its radius. Rows are shuffled. Train and test use independent streams of
// cfg.seed.
import type { SpiralsData } from '../config/types.js';
import { Rng } from '../lib/rng.js';
import { classificationDataset, classSizes, linspace, shuffledRows, type LabelledPoints } from './labelledPoints.js';
import type { Dataset } from './types.js';

/** Radians an arm turns from the centre to radius 1. */
const SPIRAL_TURN = 4;

/** The `spirals` dataset of SPEC §5 (not standardized: see loadDataset). */
export function makeSpirals(cfg: SpiralsData): Dataset {
  const split = (name: 'train' | 'test', m: number) =>
    shuffledRows(
      spiralPoints(m, cfg.classes, cfg.noise, new Rng(cfg.seed, `spirals/${name}_noise`)),
      2,
      new Rng(cfg.seed, `spirals/${name}_order`),
    );
  return classificationDataset(2, cfg.classes, split('train', cfg.n_train), split('test', cfg.n_test));
}

/** m points on the arms, class by class. */
function spiralPoints(m: number, classes: number, noise: number, rng: Rng): LabelledPoints {
  const x = new Float64Array(2 * m);
  const labels = new Int32Array(m);
  let i = 0;
  classSizes(m, classes).forEach((size, c) => {
    for (const r of linspace(0, 1, size)) {
      const theta = SPIRAL_TURN * r + (2 * Math.PI * c) / classes + noise * rng.normal();
      x[2 * i] = r * Math.sin(theta);
      x[2 * i + 1] = r * Math.cos(theta);
      labels[i] = c;
      i++;
    }
  });
  return { x, labels };
}

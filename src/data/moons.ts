// The `moons` dataset: two interleaving half circles in 2-D, as scikit-learn's make_moons.
//
// Definition (sklearn.datasets.make_moons), for m points: m_out = ⌊m/2⌋ on the outer moon (label 0),
// m_in = m − m_out on the inner moon (label 1), at evenly spaced angles θ = linspace(0, π):
//   outer: (cos θ, sin θ)                 the upper unit half circle
//   inner: (1 − cos θ, 1 − sin θ − 0.5)   the lower unit half circle centred at (1, 0.5)
// then Gaussian noise of standard deviation `noise` on each coordinate, and the rows shuffled.
// Train and test use independent streams of cfg.seed (noise and order), so they are two draws of the
// same distribution.
import type { MoonsData } from '../config/types.js';
import { Rng } from '../lib/rng.js';
import { classificationDataset, linspace, shuffledRows, type LabelledPoints } from './labelledPoints.js';
import type { Dataset } from './types.js';

/** The `moons` dataset of SPEC §5 (not standardized: see loadDataset). */
export function makeMoons(cfg: MoonsData): Dataset {
  const split = (name: 'train' | 'test', m: number) =>
    shuffledRows(moonPoints(m, cfg.noise, new Rng(cfg.seed, `moons/${name}_noise`)), 2, new Rng(cfg.seed, `moons/${name}_order`));
  return classificationDataset(2, 2, split('train', cfg.n_train), split('test', cfg.n_test));
}

/** m points on the two moons, outer moon first, each coordinate plus noise · ε. */
function moonPoints(m: number, noise: number, rng: Rng): LabelledPoints {
  const outer = Math.floor(m / 2);
  const x = new Float64Array(2 * m);
  const labels = new Int32Array(m);
  linspace(0, Math.PI, outer).forEach((theta, i) => {
    x[2 * i] = Math.cos(theta);
    x[2 * i + 1] = Math.sin(theta);
  });
  linspace(0, Math.PI, m - outer).forEach((theta, k) => {
    const i = outer + k;
    x[2 * i] = 1 - Math.cos(theta);
    x[2 * i + 1] = 1 - Math.sin(theta) - 0.5;
    labels[i] = 1;
  });
  for (let i = 0; i < 2 * m; i++) x[i] += noise * rng.normal();
  return { x, labels };
}

// The fused Adam kernel against the update written out in float64 here, with per-run constants, on every
// backend that has the kernel; and the elementwise-op path other backends take, by turning the kernel off.
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it, vi } from 'vitest';
import * as fused from '../../src/optim/fusedAdam.js';
import { buildOptimizer } from '../../src/optim/build.js';
import { Rng } from '../../src/lib/rng.js';
import { describeEachBackend } from '../helpers/backends.js';
import { NO_DESIGN, expectClose, optimizerConfig, runUpdates } from './support.js';

const K = 2;
const PER_RUN = 6;
const draws = (seed: number, positive = false) =>
  Float32Array.from(new Rng(seed, 'fused-adam-test').normals(K * PER_RUN).map((v) => (positive ? Math.abs(v) : v)));

describeEachBackend('fused Adam', (backend) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it(`is the kernel the ${backend} backend uses`, () => {
    expect(fused.registerFusedAdam()).toBe(true);
  });

  it('computes mu, nu and mu / (a sqrt(nu) + e) with each run its own constants', () => {
    const [g, mu, nu] = [draws(1), draws(2), draws(3, true)];
    const constants = { b1: [0.9, 0.5], oneMinusB1: [0.1, 0.5], b2: [0.999, 0.9], oneMinusB2: [0.001, 0.1], a: [1.3, 0.7], e: [1e-8, 1e-3] };
    const out = tf.tidy(() => fused.fusedAdamDirection(tf.tensor2d(g, [K, PER_RUN]), tf.tensor2d(mu, [K, PER_RUN]), tf.tensor2d(nu, [K, PER_RUN]), constants));
    const expected = [[] as number[], [] as number[], [] as number[]];
    for (let i = 0; i < K * PER_RUN; i++) {
      const k = Math.floor(i / PER_RUN);
      const m = constants.b1[k] * mu[i] + constants.oneMinusB1[k] * g[i];
      const v = constants.b2[k] * nu[i] + constants.oneMinusB2[k] * g[i] * g[i];
      expected[0].push(m);
      expected[1].push(v);
      expected[2].push(m / (constants.a[k] * Math.sqrt(v) + constants.e[k]));
    }
    out.forEach((t, j) => {
      expect(t.shape).toEqual([K, PER_RUN]);
      expectClose(t.dataSync(), expected[j], 1e-6, ['mu', 'nu', 'u'][j]);
    });
    tf.dispose(out);
  });

  it('gives the trajectory of the elementwise-op path (backends without the kernel)', () => {
    // Adam on f(p) = 1/2 |p - c|^2 for two runs with their own hyperparameters, 30 steps, both paths.
    const configs = [
      optimizerConfig('adam', { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8 }),
      optimizerConfig('adam', { lr: 0.02, beta1: 0.5, beta2: 0.9, eps: 1e-3 }),
    ];
    const center = tf.tensor2d(draws(4), [K, PER_RUN]);
    const initial = [tf.tensor2d(draws(5), [K, PER_RUN])];
    const trajectory = () => {
      const optimizer = buildOptimizer(configs, NO_DESIGN);
      const result = runUpdates(optimizer, initial, 30, ([p]) => [tf.sub(p, center)], configs.map((c) => c.lr));
      optimizer.dispose();
      return result;
    };
    const withKernel = trajectory();
    vi.spyOn(fused, 'registerFusedAdam').mockReturnValue(false);
    const withOps = trajectory();
    expect(fused.registerFusedAdam).toHaveBeenCalled();
    withOps.forEach((step, t) => expectClose(step[0], withKernel[t][0], 2e-6, `step ${t}`));
    tf.dispose([center, initial]);
  });
});

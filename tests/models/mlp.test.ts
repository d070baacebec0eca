// Checks the mlp's forward pass against the plain float64 forward of SPEC §4 (tests/models/support.ts), its init
// statistics, and that a run's init does not depend on its cohort.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Activation } from '../../src/config/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { buildModel } from '../../src/models/build.js';
import { cohortOf, moved, networkConfig, normalTensor, referenceForward, runParams, shapeOnly } from './support.js';

const DIM = 3;
const HIDDEN = [4, 5];
const OUTPUTS = 2;
const BATCH = 3;

describeEachBackend('mlp forward', () => {
  const activations: Activation[] = ['relu', 'tanh', 'gelu', 'erf', 'linear'];
  const cases = activations.flatMap((activation) =>
    [true, false].map((bias) => ({ activation, bias, label: `${activation}, ${bias ? 'bias' : 'no bias'}` })),
  );

  it.each(cases)('equals the float64 forward ($label; run 0 standard, run 1 ntk, alpha 2.5 and 0.8)', ({ activation, bias }) => {
    const configs = [
      networkConfig('mlp', { hidden: HIDDEN, activation, bias, parameterization: 'standard', output_scale: 2.5 }),
      networkConfig('mlp', { hidden: HIDDEN, activation, bias, w_std: 1.4, b_std: 0.3, output_scale: 0.8 }),
    ];
    const model = cohortOf(configs, DIM, OUTPUTS);
    const theta0 = model.init();
    const params = moved(theta0, 3, 0.2);
    const shared = normalTensor([BATCH, DIM], 4);
    const perRun = normalTensor([2, BATCH, DIM], 5);
    const fromShared = tf.tidy(() => model.apply(params, shared));
    const fromPerRun = tf.tidy(() => model.apply(params, perRun));
    expect(fromShared.shape).toEqual([2, BATCH, OUTPUTS]);
    const xShared = shared.arraySync() as number[][];
    const xPerRun = perRun.arraySync() as number[][][];
    const outShared = fromShared.arraySync() as number[][][];
    const outPerRun = fromPerRun.arraySync() as number[][][];
    const widths = [DIM, ...HIDDEN, OUTPUTS];
    configs.forEach((config, r) => {
      const own = runParams(params, r);
      for (let p = 0; p < BATCH; p++) {
        const expectedShared = referenceForward(config, widths, own, xShared[p]);
        const expectedPerRun = referenceForward(config, widths, own, xPerRun[r][p]);
        for (let k = 0; k < OUTPUTS; k++) {
          expect(outShared[r][p][k]).toBeCloseTo(expectedShared[k], 5);
          expect(outPerRun[r][p][k]).toBeCloseTo(expectedPerRun[k], 5);
        }
      }
    });
    tf.dispose([theta0, params, shared, perRun, fromShared, fromPerRun]);
    model.dispose();
  });
});

describe('mlp init', () => {
  /** Mean and (population) variance of some draws. */
  function moments(values: ArrayLike<number>): { mean: number; variance: number } {
    let mean = 0;
    for (let i = 0; i < values.length; i++) mean += values[i] / values.length;
    let variance = 0;
    for (let i = 0; i < values.length; i++) variance += (values[i] - mean) ** 2 / values.length;
    return { mean, variance };
  }

  // 1000 x 500 = 5e5 draws: the sample mean's std is σ/707 and the sample variance's relative std
  // √(2/5e5) = 0.2%, so |mean| < 5 σ/707 and a 1.5% band on the variance are 5-sigma checks.
  const FAN_IN = 1000;
  const cases = [
    { label: 'standard relu: N(0, 2/fan_in), b = 0', activation: 'relu' as const, parameterization: 'standard' as const, variance: 2 / FAN_IN },
    { label: 'standard tanh: N(0, 1/fan_in), b = 0', activation: 'tanh' as const, parameterization: 'standard' as const, variance: 1 / FAN_IN },
    { label: 'ntk relu: N(0, 1), b ~ N(0, 1)', activation: 'relu' as const, parameterization: 'ntk' as const, variance: 1 },
  ];

  it.each(cases)('$label', ({ activation, parameterization, variance }) => {
    const model = cohortOf([networkConfig('mlp', { hidden: [500], activation, parameterization })], FAN_IN, 1);
    const [W0, b0, W1] = model.init();
    const w = moments(W0.dataSync());
    expect(Math.abs(w.mean)).toBeLessThan((5 * Math.sqrt(variance)) / Math.sqrt(W0.size));
    expect(w.variance / variance).toBeGreaterThan(0.985);
    expect(w.variance / variance).toBeLessThan(1.015);
    // The last layer follows the same rule with its own fan_in (500 draws: a loose band).
    const lastVariance = parameterization === 'ntk' ? 1 : variance * (FAN_IN / 500);
    expect(moments(W1.dataSync()).variance / lastVariance).toBeGreaterThan(0.8);
    expect(moments(W1.dataSync()).variance / lastVariance).toBeLessThan(1.2);
    const b = moments(b0.dataSync());
    if (parameterization === 'standard') expect(b.variance).toBe(0);
    else expect(b.variance).toBeGreaterThan(0.8);
    tf.dispose([W0, b0, W1]);
    model.dispose();
  });

  it('draws a run the same alone or in a cohort (same seed, same init)', () => {
    const config = networkConfig('mlp', { hidden: [6, 4], activation: 'tanh' });
    const data = shapeOnly(3, 2);
    const alone = buildModel([config], [7], data);
    const cohort = buildModel([networkConfig('mlp', { hidden: [6, 4], activation: 'tanh', parameterization: 'standard' }), config], [3, 7], data);
    const a = alone.init();
    const c = cohort.init();
    a.forEach((p, i) => expect(runParams(c, 1)[i]).toEqual(runParams([p], 0)[0]));
    // The other run of the cohort has its own draws.
    expect(runParams(c, 0)[0]).not.toEqual(runParams(c, 1)[0]);
    tf.dispose([a, c]);
    alone.dispose();
    cohort.dispose();
  });
});

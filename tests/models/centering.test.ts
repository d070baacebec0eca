// Checks centered network models, f(x, θ) = α (g(x, θ) − g(x, θ0)) (Chizat, Oyallon & Bach 2019): exactly
// zero at their own init, the difference of two plain float64 forward passes off it, a linearization
// α J_g(θ0)(θ − θ0) built from explicit Jacobians, and the kernel of the uncentered network.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { NetworkModel } from '../../src/config/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, explicitJacobians, moved, networkConfig, normalTensor, referenceForward, relativeError, runParams } from './support.js';

const DIM = 3;
const HIDDEN = [4, 5];
const OUTPUTS = 2;
const POINTS = 4;
const WIDTHS = [DIM, ...HIDDEN, OUTPUTS];
const KINDS = ['mlp', 'linearized', 'linear-probe'] as const;

/** Two gelu runs, alpha 3 (standard) and 0.5 (ntk, w_std 1.4, b_std 0.3), centered as `center` says. */
function cohortConfigs(kind: NetworkModel['kind'], center: [boolean, boolean]): NetworkModel[] {
  return [
    networkConfig(kind, { activation: 'gelu', hidden: HIDDEN, parameterization: 'standard', output_scale: 3, center: center[0] }),
    networkConfig(kind, { activation: 'gelu', hidden: HIDDEN, w_std: 1.4, b_std: 0.3, output_scale: 0.5, center: center[1] }),
  ];
}

const maxAbs = (t: tf.Tensor): number => Math.max(...Array.from(t.dataSync(), Math.abs));

/**
 * The expected [K, P, o] outputs (flat, float64) of a network cohort at `theta` on x [P, d] (shared by the
 * runs, or [K][P][d]), from referenceForward: f(theta), minus f(theta0) for a centered run.
 */
function expectedOutputs(configs: NetworkModel[], theta: tf.Tensor[], theta0: tf.Tensor[], x: number[][] | number[][][]): number[] {
  return configs.flatMap((config, r) => {
    const rows = (typeof x[0][0] === 'number' ? x : x[r]) as number[][];
    return rows.flatMap((row) => {
      const f = referenceForward(config, WIDTHS, runParams(theta, r), row);
      const f0 = referenceForward(config, WIDTHS, runParams(theta0, r), row);
      return f.map((v, k) => (config.center ? v - f0[k] : v));
    });
  });
}

function expectClose(actual: tf.Tensor, expected: number[]): void {
  const values = actual.dataSync();
  expect(values.length).toBe(expected.length);
  expected.forEach((v, i) => expect(values[i], `entry ${i}`).toBeCloseTo(v, 5));
}

describeEachBackend('centered network models', () => {
  it.each(KINDS)('%s: f(x, θ0) = 0 exactly at its own init (shared and per-run inputs), not so uncentered', (kind) => {
    const model = cohortOf(cohortConfigs(kind, [true, true]), DIM, OUTPUTS);
    const plain = cohortOf(cohortConfigs(kind, [false, false]), DIM, OUTPUTS);
    const shared = normalTensor([POINTS, DIM], 61);
    const perRun = normalTensor([2, POINTS, DIM], 62);
    // init() hands out copies: disposing one leaves the θ0 the model subtracts intact.
    tf.dispose(model.init());
    const theta0 = model.init();
    const plainTheta0 = plain.init();
    // Centering does not change the draws.
    theta0.forEach((p, i) => expect(p.dataSync()).toEqual(plainTheta0[i].dataSync()));
    const atInit = [shared, perRun].map((x) => tf.tidy(() => model.apply(theta0, x)));
    atInit.forEach((f) => expect(maxAbs(f)).toBe(0));
    const plainAtInit = tf.tidy(() => plain.apply(theta0, shared));
    expect(maxAbs(plainAtInit)).toBeGreaterThan(0.1);
    tf.dispose([shared, perRun, theta0, plainTheta0, atInit, plainAtInit]);
    model.dispose();
    plain.dispose();
  });

  it('mlp: α (g(θ) − g(θ0)) for the centered run, α g(θ) for the other of the same cohort (float64 forward)', () => {
    const configs = cohortConfigs('mlp', [true, false]);
    const model = cohortOf(configs, DIM, OUTPUTS);
    const theta0 = model.init();
    const theta = moved(theta0, 63, 0.3);
    const shared = normalTensor([POINTS, DIM], 64);
    const perRun = normalTensor([2, POINTS, DIM], 65);
    const fromShared = tf.tidy(() => model.apply(theta, shared));
    const fromPerRun = tf.tidy(() => model.apply(theta, perRun));
    expectClose(fromShared, expectedOutputs(configs, theta, theta0, shared.arraySync() as number[][]));
    expectClose(fromPerRun, expectedOutputs(configs, theta, theta0, perRun.arraySync() as number[][][]));
    tf.dispose([theta0, theta, shared, perRun, fromShared, fromPerRun]);
    model.dispose();
  });

  it('linear-probe: the mlp with a moved head minus the mlp at init, for the centered run (float64 forward)', () => {
    const configs = cohortConfigs('linear-probe', [false, true]);
    const probe = cohortOf(configs, DIM, OUTPUTS);
    const mlp = cohortOf(cohortConfigs('mlp', [false, false]), DIM, OUTPUTS);
    // The probe's frozen layers and initial head are the mlp's init of the same seeds (tests/models/linearProbe.test.ts).
    const full0 = mlp.init();
    const head0 = probe.init();
    const head = moved(head0, 66, 0.4);
    const full = [...full0.slice(0, full0.length - head.length), ...head];
    const x = normalTensor([POINTS, DIM], 67) as tf.Tensor2D;
    const f = tf.tidy(() => probe.apply(head, x));
    expectClose(f, expectedOutputs(configs, full, full0, x.arraySync() as number[][]));
    // Still affine in the head: its first-order expansion is itself.
    const linearized = tf.tidy(() => probe.applyLinearized(head0, head, x));
    expect(linearized.dataSync()).toEqual(f.dataSync());
    tf.dispose([full0, head0, head, x, f, linearized]);
    probe.dispose();
    mlp.dispose();
  });

  it('linearized model, and the mlp expanded around its own init: α J_g(θ0)(θ − θ0) (explicit Jacobians)', () => {
    const plainMlp = cohortOf(cohortConfigs('mlp', [false, false]), DIM, OUTPUTS);
    const mlp = cohortOf(cohortConfigs('mlp', [true, true]), DIM, OUTPUTS);
    const linearized = cohortOf(cohortConfigs('linearized', [true, true]), DIM, OUTPUTS);
    const x = normalTensor([POINTS, DIM], 68) as tf.Tensor2D;
    const theta0 = linearized.init();
    const theta = moved(theta0, 69, 0.5);
    // Rows of J of the uncentered α g by tf.grads: the J_g of each run times its α.
    const expected = explicitJacobians(plainMlp, theta0, x).flatMap((rows, r) => {
      const start = runParams(theta0, r).flatMap((p) => Array.from(p));
      const delta = runParams(theta, r).flatMap((p) => Array.from(p)).map((v, i) => v - start[i]);
      return rows.map((row) => row.reduce((sum, j, i) => sum + j * delta[i], 0));
    });
    const fLin = tf.tidy(() => linearized.apply(theta, x));
    const ownLin = tf.tidy(() => linearized.applyLinearized(theta0, theta, x));
    const mlpLin = tf.tidy(() => mlp.applyLinearized(theta0, theta, x));
    expect(relativeError(fLin.dataSync(), expected)).toBeLessThan(1e-5);
    expect(ownLin.dataSync()).toEqual(fLin.dataSync());
    expect(relativeError(mlpLin.dataSync(), expected)).toBeLessThan(1e-5);
    // The expansion is not the centered network itself: α (g(θ) − g(θ0)) differs from it at θ.
    const f = tf.tidy(() => mlp.apply(theta, x));
    expect(relativeError(f.dataSync(), expected)).toBeGreaterThan(1e-3);
    tf.dispose([x, theta0, theta, fLin, ownLin, mlpLin, f]);
    plainMlp.dispose();
    mlp.dispose();
    linearized.dispose();
  });

  it.each(KINDS)('%s: the kernel is the uncentered one (centering subtracts a constant of θ)', (kind) => {
    const model = cohortOf(cohortConfigs(kind, [true, false]), DIM, OUTPUTS);
    const plain = cohortOf(cohortConfigs(kind, [false, false]), DIM, OUTPUTS);
    const theta0 = model.init();
    const theta = moved(theta0, 70, 0.3);
    const x = normalTensor([POINTS, DIM], 71) as tf.Tensor2D;
    const kernel = tf.tidy(() => model.ntk(theta, x));
    const plainKernel = tf.tidy(() => plain.ntk(theta, x));
    expect(kernel.dataSync()).toEqual(plainKernel.dataSync());
    tf.dispose([theta0, theta, x, kernel, plainKernel]);
    model.dispose();
    plain.dispose();
  });
});

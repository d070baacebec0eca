// Checks the linearized model and the mlp's applyLinearized against f(θ0) + J(θ0)(θ − θ0) built from an
// explicit Jacobian, and that the linearized model's NTK is its true (and constant) kernel.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { NetworkModel } from '../../src/config/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, explicitJacobians, explicitNtk, kernelOfRun, moved, networkConfig, normalTensor, relativeError } from './support.js';

const DIM = 3;
const POINTS = 4;

const cases: { name: string; outputs: number; settings: Partial<Omit<NetworkModel, 'kind'>>[] }[] = [
  { name: 'gelu ntk [4, 5] bias, alpha 2, o = 3', outputs: 3, settings: [{ activation: 'gelu', hidden: [4, 5], output_scale: 2 }, { activation: 'gelu', hidden: [4, 5], output_scale: 2 }] },
  { name: 'erf ntk [5] bias, w_std 1.4, o = 2', outputs: 2, settings: [{ activation: 'erf', hidden: [5], w_std: 1.4 }, { activation: 'erf', hidden: [5], w_std: 1.4 }] },
  { name: 'relu standard [6] no bias, o = 2', outputs: 2, settings: [{ hidden: [6], bias: false, parameterization: 'standard' }, { hidden: [6], bias: false, parameterization: 'standard' }] },
  {
    name: 'tanh [5, 3] bias, runs with different w_std, b_std and alpha, o = 1',
    outputs: 1,
    settings: [{ activation: 'tanh', hidden: [5, 3] }, { activation: 'tanh', hidden: [5, 3], w_std: 1.6, b_std: 0.4, output_scale: 0.5 }],
  },
];

/** Every run's parameter slice flattened in Jacobian column order (parameters in order, run r's slice of each). */
function flatRunParams(params: tf.Tensor[], r: number): Float64Array {
  const values: number[] = [];
  for (const p of params) {
    const all = p.dataSync();
    const size = all.length / p.shape[0];
    values.push(...all.subarray(r * size, (r + 1) * size));
  }
  return Float64Array.from(values);
}

describeEachBackend('linearized model', () => {
  it.each(cases)('$name', ({ outputs, settings }) => {
    const mlp = cohortOf(settings.map((s) => networkConfig('mlp', s)), DIM, outputs);
    const linearized = cohortOf(settings.map((s) => networkConfig('linearized', s)), DIM, outputs);
    const x = normalTensor([POINTS, DIM], 21) as tf.Tensor2D;
    const theta0 = linearized.init();
    const mlpTheta0 = mlp.init();
    // θ0 is the mlp's init of the same seeds.
    theta0.forEach((p, i) => expect(p.dataSync()).toEqual(mlpTheta0[i].dataSync()));
    const theta = moved(theta0, 22, 0.5);

    // Reference: f(x, θ0) + J(x, θ0)(θ − θ0), J from per-output tf.grads of the mlp at θ0.
    const jacobians = explicitJacobians(mlp, theta0, x);
    const f0 = tf.tidy(() => mlp.apply(theta0, x));
    const f0Values = f0.dataSync();
    const expected = new Float64Array(f0Values.length);
    jacobians.forEach((rows, r) => {
      const start = flatRunParams(theta0, r);
      const delta = flatRunParams(theta, r).map((v, i) => v - start[i]);
      rows.forEach((row, pk) => {
        let jvp = 0;
        for (let i = 0; i < row.length; i++) jvp += row[i] * delta[i];
        expected[r * rows.length + pk] = f0Values[r * rows.length + pk] + jvp;
      });
    });
    const fLin = tf.tidy(() => linearized.apply(theta, x));
    const mlpLin = tf.tidy(() => mlp.applyLinearized(theta0, theta, x));
    const ownLin = tf.tidy(() => linearized.applyLinearized(theta0, theta, x));
    expect(relativeError(fLin.dataSync(), expected)).toBeLessThan(1e-5);
    expect(relativeError(mlpLin.dataSync(), expected)).toBeLessThan(1e-5);
    expect(ownLin.dataSync()).toEqual(fLin.dataSync());
    // The expansion is not the network itself: at θ the mlp differs from its linearization.
    const f = tf.tidy(() => mlp.apply(theta, x));
    expect(relativeError(f.dataSync(), expected)).toBeGreaterThan(1e-3);

    // Per-run inputs [K, B, d]: run r sees its own batch.
    const perRun = tf.tidy(() => tf.stack([x, tf.reverse(x, 0)]));
    const fromPerRun = tf.tidy(() => linearized.apply(theta, perRun));
    const reversed = tf.tidy(() => linearized.apply(theta, tf.reverse(x, 0)));
    const [K, P, o] = fLin.shape;
    const perRunValues = fromPerRun.dataSync();
    expect(perRunValues.subarray(0, P * o)).toEqual(fLin.dataSync().subarray(0, P * o));
    expect(perRunValues.subarray(P * o, K * P * o)).toEqual(reversed.dataSync().subarray(P * o, K * P * o));

    // The NTK is J(θ0) J(θ0)ᵀ wherever θ is: equal at θ0 and θ, and equal to the explicit kernel of f_lin at θ.
    const kernelAt0 = tf.tidy(() => linearized.ntk(theta0, x));
    const kernelMoved = tf.tidy(() => linearized.ntk(theta, x));
    expect(kernelMoved.dataSync()).toEqual(kernelAt0.dataSync());
    const reference = explicitNtk(linearized, theta, x);
    reference.forEach((kernel, r) => expect(relativeError(kernelOfRun(kernelMoved, r), kernel)).toBeLessThan(1e-4));
    // ... whereas the mlp's kernel moved with θ.
    const mlpMoved = tf.tidy(() => mlp.ntk(theta, x));
    expect(relativeError(kernelOfRun(mlpMoved, 0), kernelOfRun(kernelAt0, 0))).toBeGreaterThan(1e-2);

    tf.dispose([x, theta0, mlpTheta0, theta, f0, fLin, mlpLin, ownLin, f, perRun, fromPerRun, reversed, kernelAt0, kernelMoved, mlpMoved]);
    mlp.dispose();
    linearized.dispose();
  });
});

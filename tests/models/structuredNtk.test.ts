// Checks the structured NTK of every model kind against J Jᵀ from explicitly built Jacobians
// (as neural-tangents' empirical_test checks each implementation against jacobian contraction), and the cross
// kernel between two sets of points (test x train, as NTK-predicted training uses it) against J(x) J(x')ᵀ.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { ModelConfig, NetworkModel } from '../../src/config/types.js';
import { describeEachBackend } from '../helpers/backends.js';
import { cohortOf, explicitJacobians, explicitNtk, kernelFromJacobian, kernelOfRun, moved, networkConfig, normalTensor, relativeError } from './support.js';

const DIM = 3;
const OUTPUTS = 3;
const POINTS = 4;
/** Points of the cross kernel's second side: fewer than POINTS, so that a transposed [Q, P] result cannot pass. */
const OTHER_POINTS = 3;

/** Two runs per cohort; the second differs where per-run fields allow (seed, and the scales of the cases that set them). */
const cases: { name: string; runs: [NetworkModel, NetworkModel] }[] = [
  { name: 'relu standard [5] bias', runs: twice(networkConfig('mlp', { parameterization: 'standard' })) },
  { name: 'relu ntk [4, 4, 4] bias', runs: twice(networkConfig('mlp', { hidden: [4, 4, 4], b_std: 0.5 })) },
  { name: 'relu ntk [] (no hidden layer)', runs: twice(networkConfig('mlp', { hidden: [] })) },
  { name: 'tanh ntk [4, 6] no bias', runs: twice(networkConfig('mlp', { activation: 'tanh', hidden: [4, 6], bias: false })) },
  { name: 'tanh standard [6] bias', runs: twice(networkConfig('mlp', { activation: 'tanh', hidden: [6], parameterization: 'standard' })) },
  {
    name: 'gelu ntk [6, 3, 4] bias, w_std 1.3, b_std 0.2, alpha 2',
    runs: twice(networkConfig('mlp', { activation: 'gelu', hidden: [6, 3, 4], w_std: 1.3, b_std: 0.2, output_scale: 2 })),
  },
  { name: 'gelu standard [5, 5] no bias', runs: twice(networkConfig('mlp', { activation: 'gelu', hidden: [5, 5], bias: false, parameterization: 'standard' })) },
  { name: 'erf ntk [5, 4] bias, w_std 1.5, b_std 0.3', runs: twice(networkConfig('mlp', { activation: 'erf', hidden: [5, 4], w_std: 1.5, b_std: 0.3 })) },
  { name: 'linear standard [5, 5] bias, alpha 0.5', runs: twice(networkConfig('mlp', { activation: 'linear', hidden: [5, 5], parameterization: 'standard', output_scale: 0.5 })) },
  { name: 'linear ntk [4] no bias', runs: twice(networkConfig('mlp', { activation: 'linear', hidden: [4], bias: false })) },
  {
    name: 'relu [7] bias, runs differing in parameterization, w_std, b_std and alpha',
    runs: [
      networkConfig('mlp', { hidden: [7], parameterization: 'standard', output_scale: 0.7 }),
      networkConfig('mlp', { hidden: [7], w_std: 1.5, b_std: 0.3, output_scale: 3 }),
    ],
  },
  { name: 'linear-probe relu ntk [5, 4] bias', runs: twice(networkConfig('linear-probe', { hidden: [5, 4] })) },
  { name: 'linear-probe tanh standard [6] no bias', runs: twice(networkConfig('linear-probe', { activation: 'tanh', hidden: [6], bias: false, parameterization: 'standard' })) },
  { name: 'linearized gelu ntk [4, 5] bias, alpha 2', runs: twice(networkConfig('linearized', { activation: 'gelu', hidden: [4, 5], output_scale: 2 })) },
  { name: 'linearized erf ntk [5] bias', runs: twice(networkConfig('linearized', { activation: 'erf', hidden: [5] })) },
  { name: 'linearized relu standard [6] no bias', runs: twice(networkConfig('linearized', { hidden: [6], bias: false, parameterization: 'standard' })) },
  // Centered: f = alpha (g(theta) - g(theta0)), whose Jacobian alpha J_g is the uncentered one.
  {
    name: 'mlp gelu [4, 5] bias, run 0 centered with alpha 2.5, run 1 not with alpha 0.5',
    runs: [
      networkConfig('mlp', { activation: 'gelu', hidden: [4, 5], output_scale: 2.5, center: true }),
      networkConfig('mlp', { activation: 'gelu', hidden: [4, 5], output_scale: 0.5 }),
    ],
  },
  { name: 'centered mlp relu standard [6] no bias, alpha 4', runs: twice(networkConfig('mlp', { hidden: [6], bias: false, parameterization: 'standard', output_scale: 4, center: true })) },
  { name: 'centered linearized tanh [5, 3] bias, alpha 3', runs: twice(networkConfig('linearized', { activation: 'tanh', hidden: [5, 3], output_scale: 3, center: true })) },
  { name: 'centered linear-probe relu [5, 4] bias, alpha 0.4', runs: twice(networkConfig('linear-probe', { hidden: [5, 4], output_scale: 0.4, center: true })) },
];

function twice(config: NetworkModel): [NetworkModel, NetworkModel] {
  return [config, { ...config }];
}

function expectStructuredMatchesExplicit(configs: ModelConfig[]): void {
  const model = cohortOf(configs, DIM, OUTPUTS);
  const x = normalTensor([POINTS, DIM], 1) as tf.Tensor2D;
  // Off the init, so that biases (0 at standard init) and every layer's sensitivities are generic.
  const theta0 = model.init();
  const params = moved(theta0, 2, 0.3);
  const structured = tf.tidy(() => model.ntk(params, x));
  const reference = explicitNtk(model, params, x);
  reference.forEach((expected, r) => {
    expect(relativeError(kernelOfRun(structured, r), expected), `run ${r}`).toBeLessThanOrEqual(1e-4);
  });
  tf.dispose([structured, x, theta0, params]);
  model.dispose();
}

describeEachBackend('structured NTK = J Jᵀ / o from explicit Jacobians (o = 3, K = 2)', () => {
  it.each(cases)('$name', ({ runs }) => {
    expectStructuredMatchesExplicit(runs);
  });

  it('linear model', () => {
    expectStructuredMatchesExplicit([
      { kind: 'linear', init: 'normal' },
      { kind: 'linear', init: 'zeros' },
    ]);
  });
});

function expectCrossKernelMatchesExplicit(configs: ModelConfig[]): void {
  const model = cohortOf(configs, DIM, OUTPUTS);
  const x = normalTensor([POINTS, DIM], 1) as tf.Tensor2D;
  const other = normalTensor([OTHER_POINTS, DIM], 5) as tf.Tensor2D;
  const theta0 = model.init();
  const params = moved(theta0, 2, 0.3);
  const structured = tf.tidy(() => model.ntk(params, x, other));
  expect(structured.shape).toEqual([configs.length, POINTS, OTHER_POINTS]);
  const jacobians = explicitJacobians(model, params, x);
  const otherJacobians = explicitJacobians(model, params, other);
  jacobians.forEach((rows, r) => {
    const expected = kernelFromJacobian(rows, POINTS, otherJacobians[r]);
    expect(relativeError(kernelOfRun(structured, r), expected), `run ${r}`).toBeLessThanOrEqual(1e-4);
  });
  tf.dispose([structured, x, other, theta0, params]);
  model.dispose();
}

describeEachBackend('cross NTK J(x) J(x\')ᵀ / o between 4 and 3 points from explicit Jacobians (o = 3, K = 2)', () => {
  it.each(cases)('$name', ({ runs }) => {
    expectCrossKernelMatchesExplicit(runs);
  });

  it('linear and ridge models', () => {
    expectCrossKernelMatchesExplicit([
      { kind: 'linear', init: 'normal' },
      { kind: 'linear', init: 'zeros' },
    ]);
    expectCrossKernelMatchesExplicit([
      { kind: 'ridge', init: 'normal', lambda: 0.1 },
      { kind: 'ridge', init: 'zeros', lambda: 0 },
    ]);
  });
});

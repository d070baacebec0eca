// infinite-ntk end to end through the runner: its curve.csv against function-space training solved here in float64
// (gd by the eigendecomposition of Θ; sgd and momentum by the recursion on the same minibatches), its empty
// parameter columns, its ntk.csv, and refused configs that write nothing.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { afterAll, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import type { Dataset } from '../../src/data/types.js';
import type { InfiniteNtkModel, OptimizerConfig } from '../../src/config/types.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { analyticKernels } from '../../src/theory/analyticKernel.js';
import { MinibatchOrder } from '../../src/train/minibatches.js';
import { describeEachBackend } from '../helpers/backends.js';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDirs.js';

const root = tempDir('infinite-ntk');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STEPS = 60;
const EVERY = 10;
const N = 24;

function configFile(name: string, lines: string[]): string {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, [`name: ${name}`, ...lines].join('\n'));
  return file;
}

/** curve.csv's rows as records of strings (to see empty cells as such). */
function curveRecords(dir: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(dir, 'curve.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

/** Θ(a, b) as an ml-matrix, float64. */
function kernelMatrix(model: InfiniteNtkModel, a: Float32Array, na: number, b: Float32Array, nb: number, dim: number): Matrix {
  const { ntk } = analyticKernels(model, { x: a, count: na, dim }, { x: b, count: nb, dim });
  return new Matrix(Array.from({ length: na }, (_, p) => Array.from(ntk.subarray(p * nb, (p + 1) * nb))));
}

const mse = (f: Matrix, y: Matrix) => f.clone().sub(y).pow(2).sum() / (y.rows * y.columns);

/**
 * Full-batch gd in function space, solved in Θ's eigenbasis: with Θ = V Λ Vᵀ and c = 2η/(n·o), f_t = Θ α_t where
 * α_t = V diag((1 − (1 − c λ)^t) / λ) Vᵀ y, i.e. f_t = (I − (I − c Θ)^t) y on train and Θ(test, train) α_t on test.
 */
function gdByEigendecomposition(data: Dataset, model: InfiniteNtkModel, lr: number, steps: number[]): { train: number[]; test: number[] } {
  const theta = kernelMatrix(model, data.xTrain, data.nTrain, data.xTrain, data.nTrain, data.dim);
  const thetaTest = kernelMatrix(model, data.xTest, data.nTest, data.xTrain, data.nTrain, data.dim);
  const y = Matrix.columnVector(Array.from(data.yTrain));
  const yTest = Matrix.columnVector(Array.from(data.yTest));
  const eig = new EigenvalueDecomposition(theta.clone().add(theta.transpose()).div(2), { assumeSymmetric: true });
  const V = eig.eigenvectorMatrix;
  const projected = V.transpose().mmul(y);
  const c = (2 * lr) / data.nTrain;
  const train: number[] = [];
  const test: number[] = [];
  for (const t of steps) {
    const coefficients = Matrix.columnVector(eig.realEigenvalues.map((lambda, i) => ((1 - (1 - c * lambda) ** t) / lambda) * projected.get(i, 0)));
    const alpha = V.mmul(coefficients);
    train.push(mse(theta.mmul(alpha), y));
    test.push(mse(thetaTest.mmul(alpha), yTest));
  }
  return { train, test };
}

/**
 * sgd and momentum (torch's heavy ball: b ← μ b + g, α ← α − η b) on α with gradient ∂L/∂f = 2/(B·o) (f − y) on the
 * batch's rows, written out in float64 on the batches the run's seed draws.
 */
function recursion(data: Dataset, model: InfiniteNtkModel, optimizer: OptimizerConfig, batch: number, seed: number, steps: number[]): { train: number[]; test: number[] } {
  const theta = kernelMatrix(model, data.xTrain, data.nTrain, data.xTrain, data.nTrain, data.dim);
  const thetaTest = kernelMatrix(model, data.xTest, data.nTest, data.xTrain, data.nTrain, data.dim);
  const y = Matrix.columnVector(Array.from(data.yTrain));
  const yTest = Matrix.columnVector(Array.from(data.yTest));
  const mu = optimizer.kind === 'momentum' ? optimizer.momentum : 0;
  const order = new MinibatchOrder(seed, data.nTrain, batch);
  const indices = new Int32Array(batch);
  let alpha = Matrix.zeros(data.nTrain, 1);
  let buffer = Matrix.zeros(data.nTrain, 1);
  const train: number[] = [];
  const test: number[] = [];
  for (let t = 0; t <= Math.max(...steps); t++) {
    if (steps.includes(t)) {
      train.push(mse(theta.mmul(alpha), y));
      test.push(mse(thetaTest.mmul(alpha), yTest));
    }
    order.next(indices, 0);
    const f = theta.mmul(alpha);
    const gradient = Matrix.zeros(data.nTrain, 1);
    for (const i of indices) gradient.set(i, 0, gradient.get(i, 0) + (2 / batch) * (f.get(i, 0) - y.get(i, 0)));
    buffer = t === 0 || mu === 0 ? gradient : buffer.mul(mu).add(gradient);
    alpha = alpha.sub(buffer.clone().mul(optimizer.lr));
  }
  return { train, test };
}

const DATA = `data: { kind: teacher-mlp, n_train: ${N}, n_test: 12, dim: 3, hidden: [8], noise: 0.05 }`;
const MODEL: InfiniteNtkModel = { kind: 'infinite-ntk', depth: 2, activation: 'erf', bias: true, parameterization: 'ntk', w_std: 1.3, b_std: 0.2, output_scale: 1 };
const MODEL_LINE = 'model: { kind: infinite-ntk, depth: 2, activation: erf, w_std: 1.3, b_std: 0.2 }';
const LOGGED = Array.from({ length: STEPS / EVERY + 1 }, (_, i) => i * EVERY);

/** Relative agreement of a float32 run with the float64 solution: kernel entries round at ~6e-8, sums of N terms over 60 steps stay well within 2e-5. */
function expectClose(measured: number[], expected: number[]): void {
  measured.forEach((value, i) => expect(Math.abs(value - expected[i]) / expected[i], `row ${i}`).toBeLessThan(2e-5));
}

describeEachBackend('infinite-ntk training', (backend) => {
  it('follows gd in function space: curve.csv equals the eigendecomposition solution; parameter columns are empty', async () => {
    const plan = loadPlan(configFile(`gd-${backend}`, [DATA, MODEL_LINE, `train: { steps: ${STEPS}, eval_every: ${EVERY} }`, 'optimizers: [{ kind: gd, lr: 0.4 }]', 'metrics: { ntk: { every: 30, points: 6 } }']));
    await runExperiment(plan, { outRoot: root, backend });
    const dir = join(root, `gd-${backend}`, 'runs', plan.runs[0].id);
    const rows = curveRecords(dir);
    expect(rows.map((r) => Number(r.step))).toEqual(LOGGED);
    const data = await loadDataset(plan.runs[0].config.data);
    const expected = gdByEigendecomposition(data, MODEL, 0.4, LOGGED);
    expectClose(rows.map((r) => Number(r.train_loss)), expected.train);
    expectClose(rows.map((r) => Number(r.test_loss)), expected.test);
    for (const row of rows) expect([row.grad_norm, row.update_norm, row.param_dist]).toEqual(['', '', '']);
    const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(json).toMatchObject({ status: 'complete', param_count: 0, diverged_at: null });
    // ntk.csv: Θ itself at every measured step (no drift, no gap, exactly the analytic kernel), no parameters.
    const ntk = readFileSync(join(dir, 'ntk.csv'), 'utf8').trim().split('\n');
    expect(ntk[0].split(',').at(-1)).toBe('kernel_vs_analytic');
    const cells = ntk.slice(1).map((l) => l.split(','));
    expect(cells.map((c) => c[0])).toEqual(['0', '30', '60']);
    for (const [, change, alignment, paramChange, linGap, ...rest] of cells) {
      expect([Number(change), paramChange, Number(linGap), rest.at(-1)]).toEqual([0, '', 0, '0']);
      expect(Number(alignment)).toBeCloseTo(1, 12);
    }
  });

  it.each([
    { kind: 'sgd', line: '{ kind: sgd, lr: 0.3 }', optimizer: { kind: 'sgd', name: 'sgd', lr: 0.3, weight_decay: 0 } as OptimizerConfig },
    {
      kind: 'momentum',
      line: '{ kind: momentum, lr: 0.1, momentum: 0.8 }',
      optimizer: { kind: 'momentum', name: 'momentum', lr: 0.1, weight_decay: 0, momentum: 0.8, dampening: 0 } as OptimizerConfig,
    },
  ])('follows $kind on the run\'s own minibatches (batch 8), two seeds in one cohort', async ({ kind, line, optimizer }) => {
    const name = `${kind}-${backend}`;
    const plan = loadPlan(configFile(name, ['seeds: [3, 4]', DATA, MODEL_LINE, `train: { steps: ${STEPS}, eval_every: ${EVERY}, batch_size: 8 }`, `optimizers: [${line}]`]));
    await runExperiment(plan, { outRoot: root, backend });
    const data = await loadDataset(plan.runs[0].config.data);
    for (const run of plan.runs) {
      const rows = curveRecords(join(root, name, 'runs', run.id));
      const expected = recursion(data, MODEL, optimizer, 8, run.seed, LOGGED);
      expectClose(rows.map((r) => Number(r.train_loss)), expected.train);
      expectClose(rows.map((r) => Number(r.test_loss)), expected.test);
    }
  });
});

it.each([
  ['adam', 'optimizers: [{ kind: adam, lr: 0.01 }]', /optimizers\[0\]\.kind: expected gd, sgd, momentum, nesterov for model kind infinite-ntk, got "adam"/],
  ['weight decay', 'optimizers: [{ kind: sgd, lr: 0.1, weight_decay: 0.001 }]', /optimizers\[0\]\.weight_decay: expected 0 for model kind infinite-ntk/],
  ['init_from', 'optimizers: [{ kind: gd }]\nmodel: { kind: infinite-ntk, init_from: mlp }', /model\.init_from: unknown key "init_from"/],
])('refuses %s as a located config error and writes nothing', (label, lines, message) => {
  const name = `refused-${label.replace(/ /g, '-')}`;
  const model = lines.includes('model:') ? [] : ['model: { kind: infinite-ntk }'];
  const file = configFile(name, [DATA, ...model, lines]);
  const out = join(root, `out-${name}`);
  const { status, stderr } = runOptlab(root, 'run', file, '--out', out, '--backend', 'cpu');
  expect(status).toBe(2);
  expect(stderr).toMatch(new RegExp(`${name}\\.yaml:\\d+:\\d+`));
  expect(stderr).toMatch(message);
  expect(stderr).not.toMatch(STACK_TRACE);
  expect(existsSync(out)).toBe(false);
});

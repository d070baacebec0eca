// ntk.csv's kernel_vs_analytic through the runner: ||K_t − Θ||_F / ||Θ||_F recomputed here from kernel_init.csv and
// kernel_final.csv, falling with the width; empty where the model has no analytic limit.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { analyticKernels } from '../../src/theory/analyticKernel.js';
import { describeEachBackend, type TestBackend } from '../helpers/backends.js';
import { tempDir } from '../helpers/tempDirs.js';

const root = tempDir('kernel-vs-analytic');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const P = 8;

function run(name: string, model: string, backend: TestBackend) {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, [
    `name: ${name}`,
    'data: { kind: teacher-mlp, n_train: 32, n_test: 8, dim: 3 }',
    `model: ${model}`,
    'train: { steps: 4, batch_size: full, eval_every: 2 }',
    'optimizers: [{ kind: gd, lr: 0.2 }]',
    `metrics: { ntk: { every: 4, points: ${P}, save_kernels: true } }`,
  ].join('\n'));
  const plan = loadPlan(file);
  return { plan, done: runExperiment(plan, { outRoot: root, backend }) };
}

const column = (dir: string, name: string) => {
  const [header, ...rows] = readFileSync(join(dir, 'ntk.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return rows.map((r) => r[header.indexOf(name)]);
};
const kernelFile = (path: string) => Float64Array.from(readFileSync(path, 'utf8').trim().split('\n').flatMap((l) => l.split(',').map(Number)));
function distance(K: Float64Array, theta: Float64Array): number {
  let [d, t] = [0, 0];
  K.forEach((v, i) => {
    d += (v - theta[i]) ** 2;
    t += theta[i] ** 2;
  });
  return Math.sqrt(d / t);
}

describeEachBackend('kernel_vs_analytic', (backend) => {
  it('equals ||K − Θ||/||Θ|| from the saved kernels and falls with the width (erf, ntk parameterization)', async () => {
    const name = `widths-${backend}`;
    const { plan, done } = run(name, '{ kind: mlp, parameterization: ntk, activation: erf, w_std: 1.4, b_std: 0.2, output_scale: 1.5, width: [64, 1024, 8192] }', backend);
    await done;
    const data = await loadDataset(plan.runs[0].config.data);
    const points = { x: data.xTrain.subarray(0, P * data.dim), count: P, dim: data.dim };
    const theta = analyticKernels({ depth: 1, activation: 'erf', w_std: 1.4, b_std: 0.2, bias: true, output_scale: 1.5 }, points, points).ntk;
    const initial: number[] = [];
    for (const r of plan.runs) {
      const dir = join(root, name, 'runs', r.id);
      const measured = column(dir, 'kernel_vs_analytic').map(Number);
      expect(measured[0]).toBeCloseTo(distance(kernelFile(join(dir, 'kernel_init.csv')), theta), 10);
      expect(measured.at(-1)).toBeCloseTo(distance(kernelFile(join(dir, 'kernel_final.csv')), theta), 10);
      initial.push(measured[0]);
    }
    // ~c/√width: from 64 to 8192 units the distance shrinks ~11x; for one seed, at least 4x from end to end.
    expect(initial[1]).toBeLessThan(initial[0]);
    expect(initial[2]).toBeLessThan(initial[1]);
    expect(initial[2]).toBeLessThan(initial[0] / 4);
  });

  it('is empty for the standard parameterization, tanh and linear-probe', async () => {
    const cases = [
      ['standard', '{ kind: mlp, width: 16 }'],
      ['tanh', '{ kind: mlp, width: 16, parameterization: ntk, activation: tanh }'],
      ['probe', '{ kind: linear-probe, width: 16, parameterization: ntk }'],
    ];
    // Two rows: steps 0 and 4 (every: 4, the last step).
    for (const [label, model] of cases) {
      const name = `empty-${label}-${backend}`;
      const { plan, done } = run(name, model, backend);
      await done;
      expect(column(join(root, name, 'runs', plan.runs[0].id), 'kernel_vs_analytic'), label).toEqual(['', '']);
    }
  });
});

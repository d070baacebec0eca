// The lecture's claim, checked on real training: a wide network trains like its linearization.
import { expect, it } from 'vitest';
import type { TeacherMlpData } from '../../src/config/types.js';
import { makeTeacherMlp } from '../../src/data/teacherMlp.js';
import { trainCohort } from '../../src/train/trainCohort.js';
import { describeEachBackend } from '../helpers/backends.js';
import { plannedRun } from '../helpers/runs.js';

const dataConfig: TeacherMlpData = {
  kind: 'teacher-mlp', n_train: 64, n_test: 32, dim: 4, hidden: [16], activation: 'tanh', outputs: 1, noise: 0.1, seed: 0, standardize: false,
};
const data = makeTeacherMlp(dataConfig);

function network(kind: 'mlp' | 'linearized', width: number) {
  return plannedRun(`${kind}-${width}`, {
    data: dataConfig,
    model: {
      kind, hidden: [width], activation: 'relu', bias: true, parameterization: 'ntk', w_std: 1, b_std: 0.1, output_scale: 1, center: false,
    },
    optimizer: { kind: 'gd', name: 'gd', lr: 0.5 },
    train: { steps: 60, batch_size: 'full', loss: 'mse', eval_every: 10, schedule: { kind: 'constant' } },
    metrics: { ntk: { every: 60, points: 16, save_kernels: false, predict: false } },
  });
}

describeEachBackend('a wide network and its linearization', () => {
  it('train alike when wide (small lin_gap, curves within 2%) and part when narrow', async () => {
    const wide = await trainCohort([network('mlp', 2048)], data);
    const wideLinear = await trainCohort([network('linearized', 2048)], data);
    const narrow = await trainCohort([network('mlp', 8)], data);
    wide.runs[0].curve.forEach((row, i) => {
      const linear = wideLinear.runs[0].curve[i];
      expect(linear.step).toBe(row.step);
      expect(Math.abs(row.train_loss - linear.train_loss) / linear.train_loss).toBeLessThan(0.02);
    });
    // Training moved the function a lot (the loss fell severalfold), yet f and f_lin still agree.
    const curve = wide.runs[0].curve;
    expect(curve.at(-1)!.train_loss).toBeLessThan(curve[0].train_loss / 3);
    const wideGap = wide.runs[0].ntk!.at(-1)!.lin_gap;
    const narrowGap = narrow.runs[0].ntk!.at(-1)!.lin_gap;
    expect(wideGap).toBeLessThan(0.02);
    expect(narrowGap).toBeGreaterThan(4 * wideGap);
    // The linearized model's own kernel is constant and its gap to itself is zero.
    expect(wideLinear.runs[0].ntk!.at(-1)!.kernel_rel_change).toBe(0);
    expect(wideLinear.runs[0].ntk!.at(-1)!.lin_gap).toBe(0);
  });
});

// Small hand-written runs for the output tests: a resolved config, curve rows and a record built around them.
import type { RunConfig } from '../../src/config/types.js';
import type { CurveRow, RunRecord } from '../../src/output/types.js';

export const SAMPLE_CONFIG: RunConfig = {
  name: 'output-test',
  seed: 1,
  data: { kind: 'linear-regression', n_train: 8, n_test: 4, dim: 2, condition: 10, noise: 0.1, seed: 0, standardize: false },
  model: { kind: 'linear', init: 'zeros' },
  train: { steps: 30, batch_size: 4, loss: 'mse', eval_every: 10, schedule: { kind: 'constant' } },
  optimizer: { kind: 'adam', name: 'adam', lr: 0.01, weight_decay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias_correction: true },
  metrics: {},
};

/** A curve row whose losses are given and whose other columns are simple functions of the step. */
export function curveRow(step: number, train_loss: number, test_loss: number, extra: Partial<CurveRow> = {}): CurveRow {
  return {
    step,
    epoch: step / 2,
    examples: step * 4,
    wall_ms: step * 1.5,
    lr: 0.01,
    train_loss,
    test_loss,
    objective: train_loss,
    grad_norm: 1 / (step + 1),
    update_norm: step === 0 ? 0 : 0.01,
    param_dist: step * 0.1,
    ...extra,
  };
}

/** A finished run with the given fields overriding plain defaults. */
export function runRecord(fields: Partial<RunRecord> & Pick<RunRecord, 'run_id'>): RunRecord {
  return {
    arm: 'adam',
    seed: 1,
    status: 'complete',
    diverged_at: null,
    error: null,
    config: SAMPLE_CONFIG,
    swept: {},
    backend: 'cpu',
    versions: { optlab: '0.1.0', '@tensorflow/tfjs': '4.22.0' },
    wall_time_ms: 1234,
    steps_per_second: 24.3,
    param_count: 3,
    state_floats_per_param: 2,
    cohort_size: 1,
    extras: {},
    curve: [curveRow(0, 1, 1.1), curveRow(10, 0.5, 0.6), curveRow(20, 0.25, 0.3)],
    ...fields,
  };
}

// The declared state sizes against the state each optimizer's init really allocates: the float32 values of
// every tensor in the state, divided by the parameters' (a two-run cohort of a 3 x 2 layer with bias: 8 each).
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { OptimizerKind } from '../../src/config/types.js';
import { buildOptimizer } from '../../src/optim/build.js';
import { MOMENT_FLOATS_PER_PARAM, stateFloatsPerRun } from '../../src/optim/stateSize.js';
import { describeEachBackend } from '../helpers/backends.js';
import { NO_DESIGN, optimizerConfig } from './support.js';

/** Every tensor nested in an optimizer state. */
function tensorsOf(state: tf.TensorContainer): tf.Tensor[] {
  if (state instanceof tf.Tensor) return [state];
  if (state === null || typeof state !== 'object') return [];
  return Object.values(state).flatMap((value) => tensorsOf(value as tf.TensorContainer));
}

describeEachBackend('optimizer state sizes', () => {
  it('declare, for every kind with moments, the floats its init allocates per parameter', () => {
    const kinds = (Object.keys(MOMENT_FLOATS_PER_PARAM) as OptimizerKind[]).filter((kind) => kind !== 'precond-gd');
    for (const kind of kinds) {
      // adamw's default decay adds no state; weight decay is stateless for every kind.
      const optimizer = buildOptimizer([optimizerConfig(kind), optimizerConfig(kind)], NO_DESIGN);
      const params = [tf.zeros([2, 3, 2]), tf.zeros([2, 2])];
      const state = optimizer.init(params);
      const floats = tensorsOf(state).reduce((sum, t) => sum + t.size, 0);
      expect([kind, floats / (2 * 8)]).toEqual([kind, MOMENT_FLOATS_PER_PARAM[kind]]);
      expect([kind, stateFloatsPerRun(kind, 8, 3)]).toEqual([kind, MOMENT_FLOATS_PER_PARAM[kind] * 8]);
      tf.dispose([params, state as tf.Tensor[]]);
      optimizer.dispose();
    }
  });

  it('give precond-gd a (d+1) x (d+1) preconditioner per run whatever the parameter count', () => {
    expect(stateFloatsPerRun('precond-gd', 8, 3)).toBe(16);
    expect(stateFloatsPerRun('precond-gd', 1000, 3)).toBe(16);
  });
});

// Lion's direction (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Program 1):
// c = b1 m + (1 - b1) g, u = sign(c), then m <- b2 m + (1 - b2) g. Its decoupled weight decay is a
// separate addDecayedWeights after this transformation.
import * as tf from '@tensorflow/tfjs';
import type { PerRun } from '../hyperparams.js';
import type { GradientTransformation, OptState } from '../types.js';
import { updateMoment } from '../updateMoment.js';

/** Lion's momentum m, one tensor per parameter. */
export type ScaleByLionState = {
  mu: tf.Tensor[];
};

export interface ScaleByLionOptions {
  /** Interpolation between momentum and gradient for the direction, per run. */
  b1: PerRun;
  /** Decay rate of the momentum, per run. */
  b2: PerRun;
}

/** u = sign(b1 m + (1 - b1) g); m tracks g with rate b2. */
export function scaleByLion({ b1, b2 }: ScaleByLionOptions): GradientTransformation {
  return {
    init: (params: tf.Tensor[]): ScaleByLionState => ({ mu: params.map((p) => tf.zerosLike(p)) }),
    update(grads: tf.Tensor[], state: OptState) {
      const previous = (state as ScaleByLionState).mu;
      const updates = grads.map((g, i) => tf.sign(updateMoment(b1, previous[i], g)));
      const mu = grads.map((g, i) => updateMoment(b2, previous[i], g));
      const next: ScaleByLionState = { mu };
      return { updates, state: next };
    },
  };
}

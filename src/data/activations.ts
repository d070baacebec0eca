// The MLP activations of SPEC §4 in float64, for generating data (the teacher-mlp dataset) on the CPU.
import type { Activation } from '../config/types.js';

/**
 * erf by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7): the approximation tfjs's own erf kernel
 * uses, and below float32 resolution for the values a dataset stores.
 */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

/** phi(z) for each activation; gelu is the exact form z Φ(z) = z (1 + erf(z / √2)) / 2 (torch's default). */
export function activate(activation: Activation, z: number): number {
  switch (activation) {
    case 'relu':
      return z > 0 ? z : 0;
    case 'tanh':
      return Math.tanh(z);
    case 'gelu':
      return 0.5 * z * (1 + erf(z / Math.SQRT2));
    case 'erf':
      return erf(z);
    case 'linear':
      return z;
  }
}

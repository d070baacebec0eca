// How far a float32 result is from a float64 reference, for tests of products and gradients.

/**
 * max |actual - expected| / max |expected|: the worst error, in units of the reference's largest entry; float32
 * rounding of k-term sums stays near sqrt(k) 6e-8.
 */
export function scaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

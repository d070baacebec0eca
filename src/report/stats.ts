// Statistics over seeds: mean, sample standard deviation and median of a handful of numbers; and the
// least-squares slope of a line through a few points (claims' slope(), the log-log charts).

/** Arithmetic mean; NaN for no values. Infinity stays Infinity (an unreached target is an infinite time). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

/**
 * Sample standard deviation s = sqrt(Σ (x_i − x̄)² / (n − 1)) (Bessel's correction, as numpy's std(ddof=1)
 * and pandas' default); null for fewer than two values, where it is undefined.
 */
export function sampleStd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const centre = mean(values);
  const squares = values.reduce((sum, x) => sum + (x - centre) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/** Median (the mean of the two middle values for an even count); NaN for no values. Infinity sorts last. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Least-squares slope b of y = a + b x: b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²; NaN for fewer than two distinct x. */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return xs.length < 2 || sxx === 0 ? Number.NaN : sxy / sxx;
}

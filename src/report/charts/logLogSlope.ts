// The least-squares slope of log y on log x: the exponent p of a power law y ∝ x^p read off a log-log chart.

/** The slope b of log10 y = a + b log10 x over the points with positive x and y; null with fewer than two distinct x. */
export function logLogSlope(points: readonly { x: number; y: number }[]): number | null {
  const usable = points.filter((point) => point.x > 0 && point.y > 0 && Number.isFinite(point.x) && Number.isFinite(point.y));
  const u = usable.map((point) => Math.log10(point.x));
  const v = usable.map((point) => Math.log10(point.y));
  if (new Set(u).size < 2) return null;
  const uMean = u.reduce((sum, value) => sum + value, 0) / u.length;
  const vMean = v.reduce((sum, value) => sum + value, 0) / v.length;
  let covariance = 0;
  let variance = 0;
  u.forEach((value, i) => {
    covariance += (value - uMean) * (v[i] - vMean);
    variance += (value - uMean) ** 2;
  });
  return covariance / variance;
}

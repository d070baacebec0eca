// The least-squares slope of log y on log x: the exponent p of a power law y ∝ x^p read off a log-log chart.
import { leastSquaresSlope } from '../stats.js';

/** The slope b of log10 y = a + b log10 x over the points with positive x and y; null with fewer than two distinct x. */
export function logLogSlope(points: readonly { x: number; y: number }[]): number | null {
  const usable = points.filter((point) => point.x > 0 && point.y > 0 && Number.isFinite(point.x) && Number.isFinite(point.y));
  const slope = leastSquaresSlope(usable.map((point) => Math.log10(point.x)), usable.map((point) => Math.log10(point.y)));
  return Number.isNaN(slope) ? null : slope;
}

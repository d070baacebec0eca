// The performance-profile chart: ρ_a(τ), the fraction of problems each arm solves within τ × the best time,
// as a step function of τ (AlgoPerf's figure).
import type { TopLevelSpec } from 'vega-lite';
import type { PerformanceProfile } from '../performanceProfile.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, seriesColors, type Chart } from './chart.js';

/** The profile is drawn at least to τ = 4 (AlgoPerf's τ_max), and a quarter past the largest finite ratio. */
const MIN_TAU_END = 4;
const TAU_MARGIN = 1.25;
/** Ratios beyond this are read on a log axis. */
const LOG_TAU_FROM = 10;

export function profileChart(profile: PerformanceProfile): Chart {
  const largest = Math.max(1, ...profile.arms.flatMap((arm) => profile.curves[arm].map((point) => point.tau)));
  const tauEnd = Math.max(MIN_TAU_END, largest * TAU_MARGIN);
  const logTau = tauEnd > LOG_TAU_FROM;
  // Each curve is held flat from its last step to the end of the axis.
  const rows = profile.arms.flatMap((arm) => {
    const points = profile.curves[arm];
    return [...points, { tau: tauEnd, rho: points[points.length - 1].rho }].map((point) => ({ arm, ...point }));
  });
  const measure = profile.measure === 'step' ? 'steps' : 'wall time';
  const title = `Performance profile: time to train loss ≤ ${profile.target} over ${profile.problems.length} experiments`;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `ρ(τ): fraction of experiments (${profile.problems.join(', ')}) solved within τ × the best arm's ${measure}` },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: CHART_CONFIG,
    data: { values: rows },
    layer: [{
      name: 'profile_line',
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2.5 },
      encoding: {
        x: {
          field: 'tau', type: 'quantitative', title: `τ (${measure} to target ÷ the best arm's)${logTau ? ', log scale' : ''}`,
          scale: logTau ? { type: 'log', domain: [1, tauEnd] } : { domain: [1, tauEnd] },
        },
        y: { field: 'rho', type: 'quantitative', title: 'ρ(τ): fraction of experiments solved', scale: { domain: [0, 1] } },
        color: {
          field: 'arm', type: 'nominal', title: 'arm',
          scale: { domain: profile.arms, range: seriesColors(profile.arms.length) },
          legend: { symbolType: 'stroke' },
        },
        description: { field: 'arm' },
      },
    }],
  };
  return { id: 'performance-profile', title, spec };
}

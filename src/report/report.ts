// From experiment folders to what `optlab plot` writes: every chart as SVG, or one HTML report with the
// descriptions, claims, summaries, the charts and (over several experiments with a target) the performance profile.
import { checkExperimentClaims } from '../claims/experimentClaims.js';
import type { Chart } from './charts/chart.js';
import { profileChart } from './charts/profileChart.js';
import { experimentCharts, type ChartOptions } from './experimentCharts.js';
import type { Experiment } from './experiment.js';
import { reportHtml, type RenderedChart, type ReportSection } from './htmlReport.js';
import { performanceProfile, type ProfileMeasure } from './performanceProfile.js';
import { renderSvg } from './renderSvg.js';
import { summarizeExperiment, type SummarizeOptions } from './summarize.js';

export interface ReportOptions extends ChartOptions, SummarizeOptions {
  /** Time to target in the profile: steps or wall_ms. Default: wall_ms when the curves are drawn against it, else step. */
  profileMeasure?: ProfileMeasure;
}

/** Draws each chart to SVG, one after another (Vega views are not shared). */
export async function renderCharts(charts: readonly Chart[]): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const chart of charts) rendered.push({ id: chart.id, title: chart.title, svg: await renderSvg(chart), theory: chart.theory ?? [] });
  return rendered;
}

/** The profile measure the options ask for. */
export function profileMeasureOf(options: ReportOptions): ProfileMeasure {
  return options.profileMeasure ?? (options.x === 'wall_ms' ? 'wall_ms' : 'step');
}

/** The performance-profile chart over several experiments, or null for one experiment or no target. */
export function profileChartOf(experiments: readonly Experiment[], options: ReportOptions): Chart | null {
  if (experiments.length < 2 || options.target === undefined) return null;
  return profileChart(performanceProfile(experiments, options.target, profileMeasureOf(options)));
}

/** The HTML report of the experiments. */
export async function buildHtmlReport(experiments: readonly Experiment[], options: ReportOptions = {}): Promise<string> {
  const sections: ReportSection[] = [];
  for (const experiment of experiments) {
    sections.push({
      summary: summarizeExperiment(experiment, options),
      description: experiment.description,
      claims: checkExperimentClaims(experiment),
      charts: await renderCharts(experimentCharts(experiment, options)),
    });
  }
  if (experiments.length < 2 || options.target === undefined) return reportHtml({ sections });
  const profile = performanceProfile(experiments, options.target, profileMeasureOf(options));
  const [chart] = await renderCharts([profileChart(profile)]);
  return reportHtml({ sections, profile: { profile, chart } });
}

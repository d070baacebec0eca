// `optlab plot`: the charts of one or more experiment folders as SVG files, or one self-contained HTML report.
import { join } from 'node:path';
import { UsageError } from '../../lib/errors.js';
import { writeFileAtomically } from '../../output/atomic.js';
import type { CurveXAxis } from '../../report/charts/axisTitles.js';
import type { PlanSelection } from '../../report/experiment.js';
import { chartMetrics, experimentCharts, metricChart } from '../../report/experimentCharts.js';
import { buildHtmlReport, profileChartOf, renderCharts } from '../../report/report.js';
import { groupRuns } from '../../report/groups.js';
import type { SummarySortKey } from '../../report/summarize.js';
import { loadReportedExperiments, parseTarget } from './summary.js';

export interface PlotOptions {
  /** curve.csv, ntk.csv or directions.csv columns; each may be a comma list. */
  metric: string[];
  x: CurveXAxis;
  /** FILE.html (report), FILE.svg (one curves chart) or a folder (every chart); default <dir>/plots for one folder, plots for several. */
  out?: string;
  /** --target as typed: the train_loss of the summary's time-to-target columns and of the profile. */
  target?: string;
  sort?: SummarySortKey;
  /** Every finished run of each folder, or only those its plan.json lists. */
  plan: PlanSelection;
}

export async function plotCommand(dirs: string[], options: PlotOptions): Promise<number> {
  const experiments = await loadReportedExperiments(dirs, options.plan);
  const metrics = options.metric.flatMap((metric) => metric.split(',')).map((metric) => metric.trim()).filter((metric) => metric !== '');
  const reportOptions = { metrics, x: options.x, target: parseTarget(options.target), sortKey: options.sort };
  const out = options.out ?? (dirs.length === 1 ? join(dirs[0], 'plots') : 'plots');
  if (out.endsWith('.html')) {
    await writeFileAtomically(out, await buildHtmlReport(experiments, reportOptions));
    process.stdout.write(`wrote ${out}\n`);
    return 0;
  }
  if (out.endsWith('.svg')) {
    if (experiments.length > 1) throw new UsageError('--out FILE.svg draws one experiment; give a folder or FILE.html for several');
    const [experiment] = experiments;
    const [metric] = chartMetrics(experiment, metrics);
    const chart = metricChart(experiment, groupRuns(experiment.runs), metric, options.x);
    if (chart === null) throw new UsageError(`--metric ${metric}: no group of ${experiment.name} has it on every run`);
    const [rendered] = await renderCharts([chart]);
    await writeFileAtomically(out, rendered.svg);
    process.stdout.write(`wrote ${out}\n`);
    return 0;
  }
  for (const experiment of experiments) {
    const folder = experiments.length === 1 ? out : join(out, experiment.name);
    for (const chart of await renderCharts(experimentCharts(experiment, reportOptions))) {
      const path = join(folder, `${chart.id}.svg`);
      await writeFileAtomically(path, chart.svg);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  const profile = profileChartOf(experiments, reportOptions);
  if (profile !== null) {
    const [rendered] = await renderCharts([profile]);
    const path = join(out, `${rendered.id}.svg`);
    await writeFileAtomically(path, rendered.svg);
    process.stdout.write(`wrote ${path}\n`);
  }
  return 0;
}

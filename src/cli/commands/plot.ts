// `optlab plot`: the charts of one or more experiment folders as SVG files, one chart as SVG, PNG or PDF, or one
// self-contained HTML report.
import { extname, join } from 'node:path';
import { UsageError } from '../../lib/errors.js';
import { writeFileAtomically } from '../../output/atomic.js';
import type { CurveXAxis } from '../../report/charts/axisTitles.js';
import type { PlanSelection } from '../../report/experiment.js';
import { chartMetrics, experimentCharts, metricChart } from '../../report/experimentCharts.js';
import { exportImage, findChromium } from '../../report/exportImage.js';
import { buildHtmlReport, profileChartOf, renderCharts } from '../../report/report.js';
import { groupRuns } from '../../report/groups.js';
import type { SummarySortKey } from '../../report/summarize.js';
import { loadReportedExperiments, parseTarget } from './summary.js';

export interface PlotOptions {
  /** curve.csv, ntk.csv or directions.csv columns; each may be a comma list. */
  metric: string[];
  x: CurveXAxis;
  /** FILE.html (report), FILE.svg / .png / .pdf (one curves chart) or a folder (every chart); default <dir>/plots for one folder, plots for several. */
  out?: string;
  /** --target as typed: the train_loss of the summary's time-to-target columns and of the profile. */
  target?: string;
  sort?: SummarySortKey;
  /** Every finished run of each folder, or only those its plan.json lists. */
  plan: PlanSelection;
}

/** What --out may end in for a file; any other extension is refused rather than taken for a folder's name. */
const FILE_KINDS = ['.html', '.svg', '.png', '.pdf'];

export async function plotCommand(dirs: string[], options: PlotOptions): Promise<number> {
  const out = options.out ?? (dirs.length === 1 ? join(dirs[0], 'plots') : 'plots');
  const kind = extname(out).toLowerCase();
  if (kind !== '' && !FILE_KINDS.includes(kind)) {
    throw new UsageError(`--out ${out}: a file must end in ${FILE_KINDS.join(', ')} (got "${kind}"); a folder of SVGs is a name without an extension`);
  }
  // Before any work: PNG and PDF need Chromium, and its absence is the user's to fix.
  const chromium = kind === '.png' || kind === '.pdf' ? findChromium() : undefined;
  const experiments = await loadReportedExperiments(dirs, options.plan);
  const metrics = options.metric.flatMap((metric) => metric.split(',')).map((metric) => metric.trim()).filter((metric) => metric !== '');
  const reportOptions = { metrics, x: options.x, target: parseTarget(options.target), sortKey: options.sort };
  if (kind === '.html') {
    await writeFileAtomically(out, await buildHtmlReport(experiments, reportOptions));
    process.stdout.write(`wrote ${out}\n`);
    return 0;
  }
  if (kind !== '') {
    if (experiments.length > 1) throw new UsageError(`--out FILE${kind} draws one experiment; give a folder or FILE.html for several`);
    const [experiment] = experiments;
    const [metric] = chartMetrics(experiment, metrics);
    const chart = metricChart(experiment, groupRuns(experiment.runs), metric, options.x);
    if (chart === null) throw new UsageError(`--metric ${metric}: no group of ${experiment.name} has it on every run`);
    const [rendered] = await renderCharts([chart]);
    await writeFileAtomically(out, chromium === undefined ? rendered.svg : await exportImage(rendered.svg, kind === '.png' ? 'png' : 'pdf', chromium));
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

// Builds docs/gallery.md and docs/gallery/*.svg: trains every example config (or the configs named on the
// command line) with `optlab run` into a temporary folder, draws its charts, and writes the page with each
// config's own leading comment. Run it with `npm run gallery` (which compiles src/ first); with configs named
// (`npm run gallery -- configs/a.yaml`) only their entries and charts are replaced, the others kept.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlan } from '../dist/index.js';
import { loadExperiment } from '../dist/report/experiment.js';
import { experimentCharts } from '../dist/report/experimentCharts.js';
import { configStory, entryChartFiles, galleryMarkdown, replaceEntries } from './galleryPage.mjs';
import { renderCharts } from '../dist/report/report.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const docs = join(root, 'docs');
const chartFolder = join(docs, 'gallery');

const named = process.argv.slice(2);
const configs = named.length > 0
  ? named.map((file) => resolve(file))
  : readdirSync(join(root, 'configs')).filter((file) => file.endsWith('.yaml')).sort().map((file) => join(root, 'configs', file));

const results = mkdtempSync(join(tmpdir(), 'optlab-gallery-'));
mkdirSync(chartFolder, { recursive: true });
const page = join(docs, 'gallery.md');
// Charts of configs that are gone (or renamed) must not linger beside the page; with configs named, only the
// charts their entries showed go (the page says which).
if (named.length === 0) {
  for (const file of readdirSync(chartFolder)) if (file.endsWith('.svg')) rmSync(join(chartFolder, file));
} else {
  const old = existsSync(page) ? readFileSync(page, 'utf8') : '';
  for (const config of configs) for (const file of entryChartFiles(old, loadPlan(config).name)) rmSync(join(docs, file), { force: true });
}

const entries = [];
try {
  for (const config of configs) {
    const configPath = relative(root, config);
    process.stdout.write(`gallery: training ${configPath}\n`);
    const run = spawnSync(process.execPath, [join(root, 'bin', 'optlab.js'), 'run', config, '--out', results, '--quiet'], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`optlab run ${configPath} exited with status ${run.status}`);
    const { name } = loadPlan(config);
    const experiment = await loadExperiment(join(results, name));
    // The training loss, and test accuracy for classification: the test-loss curves mostly repeat the training ones.
    const logsAccuracy = experiment.runs.some((entry) => entry.record.curve.some((row) => row.test_acc !== undefined));
    const charts = await renderCharts(experimentCharts(experiment, { metrics: logsAccuracy ? ['train_loss', 'test_acc'] : ['train_loss'] }));
    const files = [];
    for (const chart of charts) {
      const file = `${name}-${chart.id}.svg`;
      writeFileSync(join(chartFolder, file), chart.svg);
      files.push({ title: chart.title, file: `gallery/${file}`, theory: chart.theory });
    }
    entries.push({
      name,
      configLink: relative(docs, config),
      configPath,
      story: configStory(readFileSync(config, 'utf8')),
      charts: files,
    });
  }
} finally {
  rmSync(results, { recursive: true, force: true });
}
writeFileSync(page, named.length === 0 ? galleryMarkdown(entries) : replaceEntries(existsSync(page) ? readFileSync(page, 'utf8') : '', entries));
process.stdout.write(`gallery: wrote docs/gallery.md and ${entries.reduce((sum, entry) => sum + entry.charts.length, 0)} charts in docs/gallery/ for ${entries.map((entry) => basename(entry.configPath)).join(', ')}\n`);

// The report explains: each experiment's section opens with its config's description and its claims checked
// (passed/failed with the measured value), and a table of contents links every section and chart.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlanFile } from '../../src/output/merge.js';
import { loadExperiment } from '../../src/report/experiment.js';
import { buildHtmlReport } from '../../src/report/report.js';
import { FIXTURE_RUNS, freshRoot, writeExperiment } from './fixtures.js';

const DESCRIPTION = 'Adam vs SGD on the fixture.\n\nWhat to look at:\n  - adam ends lowest <on every seed>.\n';
const CLAIMS = ['adam.final_train_loss < sgd[lr=0.1].final_train_loss / 5', 'sgd[lr=0.2].status == diverged'];

let root: string;
let html: string;

beforeAll(async () => {
  root = await freshRoot();
  const dir = await writeExperiment(root, 'fixture', FIXTURE_RUNS);
  const runIds = FIXTURE_RUNS.map((_, index) => `run${String(index).padStart(3, '0')}`);
  await writePlanFile(dir, { name: 'fixture', swept_fields: ['optimizer.lr'], run_ids: runIds, description: DESCRIPTION, expect: CLAIMS });
  html = await buildHtmlReport([await loadExperiment(dir)]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the report of an experiment with description: and expect:', () => {
  it('opens the section with the description, escaped, before the summary', () => {
    const section = html.slice(html.indexOf('<section data-experiment="fixture">'));
    const description = '<div class="description">Adam vs SGD on the fixture.\n\nWhat to look at:\n  - adam ends lowest &lt;on every seed&gt;.</div>';
    expect(section).toContain(description);
    expect(section.indexOf(description)).toBeLessThan(section.indexOf('<h3>Summary</h3>'));
  });

  it('shows each claim passed or failed with what was measured', () => {
    // adam's finals are 0.01 and 0.02 (seeds 0, 1; seed 2 failed), sgd lr=0.1's 0.2, 0.3, 0.1: adam < sgd / 5 on
    // seeds 0 and 1, the closer being seed 1 (0.02 against 0.06), where sgd / adam = 0.3 / 0.02 = 15.
    expect(html).toContain('<h3>Claims: 1 of 2 hold</h3>');
    expect(html).toContain(
      '<tr class="passed"><td><code>adam.final_train_loss &lt; sgd[lr=0.1].final_train_loss / 5</code></td><td>passed</td>' +
        '<td>adam below sgd[lr=0.1] / 5 on final_train_loss: yes, 15x (0.02 vs 0.3) (worst of 2 seeds: seed 1)</td></tr>',
    );
    // sgd lr=0.2 diverged on seed 0 only.
    expect(html).toContain('<tr class="failed"><td><code>sgd[lr=0.2].status == diverged</code></td><td>failed</td>');
    expect(html).toContain('fails on 2 of 3 seeds');
  });

  it('has a table of contents whose links all lead to an element of the page', () => {
    const toc = html.slice(html.indexOf('<nav class="toc"'), html.indexOf('</nav>'));
    expect(toc).toContain('<a href="#experiment-fixture">fixture</a>');
    expect(toc).toContain('(claims: 1 of 2 hold)');
    const targets = [...toc.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    expect(targets.length).toBeGreaterThan(2);
    for (const target of targets) expect(html).toContain(`id="${target}"`);
  });
});

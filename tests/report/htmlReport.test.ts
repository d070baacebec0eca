// The HTML report: one self-contained file (no URL to fetch) holding every chart and the summary, which
// Debian's Chromium opens without a console error and draws every chart of at 800 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { loadExperiment, type Experiment } from '../../src/report/experiment.js';
import { experimentCharts } from '../../src/report/experimentCharts.js';
import { buildHtmlReport } from '../../src/report/report.js';
import { directionsCsv, FIXTURE_RUNS, freshRoot, writeExperiment, writeProfileProblems } from './fixtures.js';

/** Debian's package `chromium`; where it is not installed the browser test is skipped, saying so. */
const CHROMIUM = '/usr/bin/chromium';

let root: string;
let experiment: Experiment;
let problems: Experiment[];
let html: string;

beforeAll(async () => {
  root = await freshRoot();
  const runs = FIXTURE_RUNS.map((run) => (run.arm === 'adam' ? { ...run, directions: directionsCsv([10, 1], [[1, 0.1, 0.01], [1, 0.9, 0.8]]) } : run));
  experiment = await loadExperiment(await writeExperiment(root, 'fixture', runs));
  problems = [];
  for (const dir of await writeProfileProblems(root)) problems.push(await loadExperiment(dir));
  html = await buildHtmlReport([experiment], { target: 0.25 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/**
 * Every URL the page would fetch or link to: src/href attributes and url(...) in styles. SVG namespaces are
 * names, not fetches, and "#id" points inside the page.
 */
function externalReferences(text: string): string[] {
  const attributes = [...text.matchAll(/\b(?:src|href|xlink:href)\s*=\s*"([^"]*)"/g)].map((match) => match[1]);
  const urls = [...text.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0]).filter((url) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(url));
  const cssUrls = [...text.matchAll(/url\(([^)]*)\)/g)].map((match) => match[1]);
  return [...attributes, ...urls, ...cssUrls].filter((reference) => !reference.startsWith('#'));
}

describe('buildHtmlReport', () => {
  it('is one file with every chart inline, the summary table, and nothing to fetch', () => {
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
    const ids = experimentCharts(experiment).map((chart) => chart.id);
    const figures = [...html.matchAll(/<figure id="chart-fixture-([^"]+)"[^>]*>\n<svg /g)].map((match) => match[1]);
    expect(figures).toEqual(ids);
    // Charts inlined side by side must not share an element id (the direction chart's legend has a gradient).
    const elementIds = [...html.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(elementIds).size).toBe(elementIds.length);
    for (const [, target] of html.matchAll(/url\(#([^)]+)\)/g)) expect(elementIds).toContain(target);
    // The summary: adam first (lowest mean final test loss), with the target columns.
    expect(html).toMatch(/<tbody>\n<tr><td class="num">1<\/td><td>adam<\/td>/);
    expect(html).toContain('<th>steps to 0.25</th>');
  });

  it('adds the performance profile over several experiments with a target', async () => {
    const report = await buildHtmlReport(problems, { target: 0.1 });
    expect(report).toContain('<h2 id="profile">Performance profile</h2>');
    expect(report).toContain('<figure id="chart-performance-profile"');
    expect(externalReferences(report)).toEqual([]);
    expect(await buildHtmlReport(problems)).not.toContain('Performance profile');
  });
});

describe.skipIf(!existsSync(CHROMIUM))(`the report in headless Chromium (${CHROMIUM}; skipped when the Debian package chromium is not installed)`, () => {
  it('opens without console errors and draws every chart at 700 to 800 px wide', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'optlab-chromium-'));
    const file = join(folder, 'report.html');
    await writeFile(file, await buildHtmlReport([experiment, ...problems], { target: 0.25 }));
    // A persistent context is how Playwright takes a fresh --user-data-dir.
    const browser = await chromium.launchPersistentContext(join(folder, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 900, height: 1000 },
    });
    try {
      const page = await browser.newPage();
      const problemsSeen: string[] = [];
      page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problemsSeen.push(message.text()); });
      page.on('pageerror', (error) => problemsSeen.push(error.message));
      page.on('request', (request) => { if (!request.url().startsWith('file:')) problemsSeen.push(`fetched ${request.url()}`); });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const boxes = await page.$$eval('figure > svg', (svgs) => svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return { width: box.width, height: box.height, marks: svg.querySelectorAll('[role="graphics-symbol"]').length };
      }));
      const expected = experimentCharts(experiment).length + problems.reduce((sum, problem) => sum + experimentCharts(problem).length, 0) + 1;
      expect(boxes).toHaveLength(expected);
      for (const box of boxes) {
        // Single charts are 800 px; a panel grid with fewer panels than a row holds is narrower.
        expect(box.width).toBeGreaterThanOrEqual(700);
        expect(box.width).toBeLessThanOrEqual(800);
        expect(box.height).toBeGreaterThan(200);
        expect(box.marks).toBeGreaterThan(0);
      }
      const screenshot = join(tmpdir(), 'optlab-report-screenshot.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(existsSync(screenshot)).toBe(true);
      expect(problemsSeen).toEqual([]);
    } finally {
      await browser.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

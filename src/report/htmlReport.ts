// The HTML report: one self-contained file (charts inlined as SVG, styles inline, no scripts, no network)
// with a table of contents, then for each experiment its description, its claims checked, its summary table and
// its charts, and the performance profile when there is one.
import type { ClaimResult } from '../claims/evaluateClaim.js';
import { OPTLAB_VERSION } from '../lib/version.js';
import type { PerformanceProfile } from './performanceProfile.js';
import { profileDisplayTable, profileLegend } from './profileFormat.js';
import type { ExperimentSummary } from './summarize.js';
import { summaryDisplayTable, summaryLegend } from './summaryFormat.js';

/** A chart drawn as SVG. */
export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
  /** One sentence per theory line drawn (what it predicts, when it is exact); none for a chart of measurements alone. */
  theory?: string[];
}

/** One experiment's part of the report. */
export interface ReportSection {
  summary: ExperimentSummary;
  /** The config's `description:`, null when it has none. */
  description: string | null;
  /** The config's `expect:` claims checked against the runs (none without expect:). */
  claims: ClaimResult[];
  charts: RenderedChart[];
}

export interface ReportContents {
  sections: ReportSection[];
  /** The performance profile over the sections' experiments, with its chart. */
  profile?: { profile: PerformanceProfile; chart: RenderedChart };
}

/** Text made safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A table (scrolling sideways when wider than the page) whose cells that look like numbers are right-aligned. */
function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const numeric = (cell: string) => /^[-+]?[\d.]/.test(cell) || cell.startsWith('—');
  const head = `<tr>${header.map((title) => `<th>${escapeHtml(title)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td${numeric(cell) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`);
  return `<div class="scroll"><table>\n<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table></div>`;
}

/**
 * An SVG's element ids (gradients, clip paths) and the references to them, prefixed so that several charts
 * inlined in one page do not resolve each other's "#gradient_0".
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

/** An element id made of `parts` (experiment names may hold '.', which CSS selectors would misread). */
function anchor(...parts: string[]): string {
  return parts.join('-').replace(/[^\w-]/g, '_');
}

/** A chart's element id; `key` (experiment and chart id) is unique within the page. */
function figureId(key: string): string {
  return anchor('chart', key);
}

/** A chart in the page; `key` (experiment and chart id) is unique within the page. */
function figure(chart: RenderedChart, key: string): string {
  const id = figureId(key);
  // The chart draws its own title, so the figure only names it for screen readers; its theory lines are explained under it.
  const theory = (chart.theory ?? []).map((sentence) => `<p>${escapeHtml(sentence)}</p>`);
  const caption = theory.length === 0 ? '' : `\n<figcaption class="theory">${theory.join('')}</figcaption>`;
  return `<figure id="${id}" data-chart="${escapeHtml(chart.id)}" aria-label="${escapeHtml(chart.title)}">\n${prefixSvgIds(chart.svg, id)}${caption}\n</figure>`;
}

/** The description as the config wrote it: its line breaks and indented lists kept. */
function descriptionBlock(description: string | null): string[] {
  return description === null ? [] : [`<div class="description">${escapeHtml(description.trimEnd())}</div>`];
}

/** The claims, each with its verdict and what was measured. */
function claimsBlock(claims: readonly ClaimResult[]): string[] {
  if (claims.length === 0) return [];
  const held = claims.filter((claim) => claim.passed).length;
  const rows = claims.map((claim) => {
    const verdict = claim.passed ? 'passed' : 'failed';
    return `<tr class="${verdict}"><td><code>${escapeHtml(claim.claim)}</code></td><td>${verdict}</td><td>${escapeHtml(claim.text)}</td></tr>`;
  });
  return [
    `<h3>Claims: ${held} of ${claims.length} hold</h3>`,
    '<div class="scroll"><table class="claims">',
    '<thead><tr><th>claim (expect:)</th><th>result</th><th>measured</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table></div>',
  ];
}

/** The profile's heading id: no experiment's id (those start with "experiment-"). */
const PROFILE_ID = 'profile';

/** The section's heading id. */
function sectionId(name: string): string {
  return anchor('experiment', name);
}

/** Links to every section and its charts, with each experiment's claims count. */
function tableOfContents(contents: ReportContents): string {
  const items = contents.sections.map((part) => {
    const { name } = part.summary;
    const held = part.claims.filter((claim) => claim.passed).length;
    const claims = part.claims.length === 0 ? '' : ` <span class="${held === part.claims.length ? 'passed' : 'failed'}">(claims: ${held} of ${part.claims.length} hold)</span>`;
    const charts = part.charts.map((chart) => `<li><a href="#${figureId(`${name}-${chart.id}`)}">${escapeHtml(chart.title)}</a></li>`);
    return `<li><a href="#${sectionId(name)}">${escapeHtml(name)}</a>${claims}${charts.length > 0 ? `\n<ul>${charts.join('')}</ul>` : ''}</li>`;
  });
  if (contents.profile !== undefined) items.push(`<li><a href="#${PROFILE_ID}">Performance profile</a></li>`);
  return ['<nav class="toc" aria-label="Contents">', '<h2>Contents</h2>', `<ul>\n${items.join('\n')}\n</ul>`, '</nav>'].join('\n');
}

function section(part: ReportSection): string {
  const { header, rows } = summaryDisplayTable(part.summary);
  return [
    `<section data-experiment="${escapeHtml(part.summary.name)}">`,
    `<h2 id="${sectionId(part.summary.name)}">${escapeHtml(part.summary.name)}</h2>`,
    ...descriptionBlock(part.description),
    ...claimsBlock(part.claims),
    '<h3>Summary</h3>',
    htmlTable(header, rows),
    `<p class="note">${escapeHtml(summaryLegend(part.summary))}</p>`,
    '<h3>Charts</h3>',
    ...part.charts.map((chart) => figure(chart, `${part.summary.name}-${chart.id}`)),
    '</section>',
  ].join('\n');
}

/**
 * Readable at 800 px: charts are 800 px wide and shrink with the window. Tables stay inside the page: a table too
 * wide for it wraps its cells at spaces ("0.068 ±" over "0.00682"; numbers themselves never break, as a line may not
 * break between a hyphen and a digit), and one still too wide scrolls sideways in its box.
 */
const STYLE = `
body { font-family: sans-serif; margin: 24px auto; max-width: 860px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 40px; }
h3 { font-size: 15px; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 12px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:first-child { font-weight: bold; }
figure { margin: 24px 0; }
figure svg { max-width: 100%; height: auto; display: block; }
.note { font-size: 12px; color: #555; }
.description { white-space: pre-wrap; font-size: 14px; line-height: 1.45; background: #f8f8f8; border-left: 3px solid #bbb; padding: 8px 12px; }
table.claims { white-space: normal; } table.claims tbody tr:first-child { font-weight: normal; }
.passed td:nth-child(2), span.passed { color: #1a7f37; font-weight: bold; } .failed td:nth-child(2), span.failed { color: #b42318; font-weight: bold; }
.toc ul { font-size: 13px; } .toc ul ul { font-size: 12px; }
figcaption.theory { font-size: 13px; color: #444; line-height: 1.4; } figcaption.theory p { margin: 4px 0; }
`;

/** The report as one HTML document. */
export function reportHtml(contents: ReportContents): string {
  const names = contents.sections.map((part) => part.summary.name);
  const title = `optlab report: ${names.join(', ')}`;
  const parts = contents.sections.map(section);
  if (contents.profile !== undefined) {
    const { header, rows } = profileDisplayTable(contents.profile.profile);
    parts.push([
      '<section data-experiment="performance-profile">',
      `<h2 id="${PROFILE_ID}">Performance profile</h2>`,
      htmlTable(header, rows),
      `<p class="note">${escapeHtml(profileLegend(contents.profile.profile))}</p>`,
      figure(contents.profile.chart, contents.profile.chart.id),
      '</section>',
    ].join('\n'));
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="note">Written by optlab ${escapeHtml(OPTLAB_VERSION)}. The first row of each summary is the best group by its sort key.</p>`,
    tableOfContents(contents),
    ...parts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

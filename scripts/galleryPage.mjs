// The gallery page (docs/gallery.md): each example config's own description (the lecture's point and what to
// look at) above its charts. Used by scripts/gallery.mjs only, so it lives beside it, outside the
// shipped dist/; its types are in galleryPage.d.mts.
import { parse } from 'yaml';

/**
 * Reads the `description:` of a YAML config. A blank line separates paragraphs; "  - x" starts a list item, and
 * a more indented line continues it.
 */
export function configStory(yamlText) {
  const description = parse(yamlText)?.description;
  const lines = typeof description === 'string' ? description.trimEnd().split('\n') : [];
  const [headline = '', ...rest] = lines;
  const blocks = [];
  let paragraph = [];
  let items = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push(paragraph.join(' '));
    paragraph = [];
  };
  const endList = () => {
    if (items.length > 0) blocks.push(items.map((item) => `- ${item}`).join('\n'));
    items = [];
  };
  for (const line of rest) {
    const item = /^\s*- (.*)$/.exec(line);
    if (line.trim() === '') {
      endParagraph();
      endList();
    } else if (item !== null) {
      endParagraph();
      items.push(item[1].trim());
    } else if (items.length > 0 && /^\s{2,}/.test(line)) {
      items[items.length - 1] += ` ${line.trim()}`;
    } else {
      endList();
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  endList();
  return { headline: headline.trim(), blocks };
}

/** The page's opening, above the entries. */
const INTRO = [
  '# Gallery',
  '',
  'Every example config in `configs/`, trained with `optlab run` and drawn with `optlab plot`. ' +
    'The text under each heading is the config\'s own description; under a chart with theory lines, what each line predicts. ' +
    'Regenerate this page and its charts with `npm run gallery`, or only some configs\' entries with `npm run gallery -- configs/a.yaml configs/b.yaml`.',
].join('\n');

/** One entry's section, from its "## name" heading to its last chart (and the chart's theory sentences). */
function entrySection(entry) {
  const parts = [`## ${entry.name}`, '', `**${entry.story.headline}**`];
  for (const block of entry.story.blocks) parts.push('', block);
  parts.push('', `Config: [${entry.configPath}](${entry.configLink}). Run it: ` +
    `\`npx optlab run ${entry.configPath} && npx optlab plot results/${entry.name} --out results/${entry.name}/report.html\`.`);
  for (const chart of entry.charts) {
    parts.push('', `![${chart.title}](${chart.file})`);
    for (const sentence of chart.theory ?? []) parts.push('', `*${sentence}*`);
  }
  return parts.join('\n');
}

/** The gallery page. */
export function galleryMarkdown(entries) {
  return `${[INTRO, ...entries.map(entrySection)].join('\n\n')}\n`;
}

/** The page's sections by entry name. */
function pageSections(page) {
  const sections = new Map();
  for (const section of page.split(/\n(?=## )/).slice(1)) sections.set(/^## (.*)/.exec(section)[1].trim(), section.trimEnd());
  return sections;
}

/** The chart files (relative to the page) that the section of entry `name` shows; none when the page has no such entry. */
export function entryChartFiles(page, name) {
  const section = pageSections(page).get(name) ?? '';
  return [...section.matchAll(/^!\[[^\]]*\]\(([^)]+)\)$/gm)].map((match) => match[1]);
}

/**
 * The page `page` with the sections of `entries` put in: an entry replaces the section of its name, or joins the
 * others; sections stay in name order (the order of the config files) and the opening is written afresh.
 */
export function replaceEntries(page, entries) {
  const sections = pageSections(page);
  for (const entry of entries) sections.set(entry.name, entrySection(entry));
  const names = [...sections.keys()].sort();
  return `${[INTRO, ...names.map((name) => sections.get(name))].join('\n\n')}\n`;
}

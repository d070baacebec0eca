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

/** The gallery page. */
export function galleryMarkdown(entries) {
  const parts = [
    '# Gallery',
    '',
    'Every example config in `configs/`, trained with `optlab run` and drawn with `optlab plot`. ' +
      'The text under each heading is the config\'s own description. Regenerate this page and its charts with `npm run gallery`.',
  ];
  for (const entry of entries) {
    parts.push('', `## ${entry.name}`, '', `**${entry.story.headline}**`);
    for (const block of entry.story.blocks) parts.push('', block);
    parts.push('', `Config: [${entry.configPath}](${entry.configLink}). Run it: ` +
      `\`npx optlab run ${entry.configPath} && npx optlab plot results/${entry.name} --out results/${entry.name}/report.html\`.`);
    for (const chart of entry.charts) parts.push('', `![${chart.title}](${chart.file})`);
  }
  return `${parts.join('\n')}\n`;
}

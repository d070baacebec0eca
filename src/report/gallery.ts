// The gallery page (docs/gallery.md): each example config's own leading comment (the lecture's point and
// what to look at) above its charts.

/** The leading comment of a config file as Markdown: its first line a heading, then paragraphs and "- " lists. */
export interface ConfigStory {
  /** The comment's first line: what the experiment shows. */
  headline: string;
  /** The rest, as Markdown blocks (paragraphs and lists), in order. */
  blocks: string[];
}

/**
 * Reads the comment lines at the top of a YAML config. A line that is only "#" separates paragraphs; "#   - x"
 * starts a list item, and a more indented line continues it.
 */
export function configStory(yamlText: string): ConfigStory {
  const lines: string[] = [];
  for (const line of yamlText.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, ''));
  }
  const [headline = '', ...rest] = lines;
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let items: string[] = [];
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

/** One config's entry: where it is, its story, and its charts (SVG paths relative to the page). */
export interface GalleryEntry {
  /** The experiment's name (results/<name>/). */
  name: string;
  /** The config's path relative to the page, for the link. */
  configLink: string;
  /** The config's path from the project root, for the command line. */
  configPath: string;
  story: ConfigStory;
  charts: { title: string; file: string }[];
}

/** The gallery page. */
export function galleryMarkdown(entries: readonly GalleryEntry[]): string {
  const parts = [
    '# Gallery',
    '',
    'Every example config in `configs/`, trained with `optlab run` and drawn with `optlab plot`. ' +
      'The text under each heading is the config\'s own leading comment. Regenerate this page and its charts with `npm run gallery`.',
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

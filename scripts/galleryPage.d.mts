// The types of galleryPage.mjs, for the tests that import it.

/** The description of a config file as Markdown: its first line a heading, then paragraphs and "- " lists. */
export interface ConfigStory {
  /** The description's first line: what the experiment shows. */
  headline: string;
  /** The rest, as Markdown blocks (paragraphs and lists), in order. */
  blocks: string[];
}

/**
 * Reads the `description:` of a YAML config. A blank line separates paragraphs; "  - x" starts a list item, and
 * a more indented line continues it.
 */
export function configStory(yamlText: string): ConfigStory;

/** One config's entry: where it is, its story, and its charts (SVG paths relative to the page). */
export interface GalleryEntry {
  /** The experiment's name (results/<name>/). */
  name: string;
  /** The config's path relative to the page, for the link. */
  configLink: string;
  /** The config's path from the project root, for the command line. */
  configPath: string;
  story: ConfigStory;
  /** Each chart's title, SVG file and the sentences explaining its theory lines (none: a chart of measurements). */
  charts: { title: string; file: string; theory?: string[] }[];
}

/** The gallery page. */
export function galleryMarkdown(entries: readonly GalleryEntry[]): string;

/**
 * The page `page` with the sections of `entries` put in: an entry replaces the section of its name, or joins the
 * others; sections stay in name order (the order of the config files) and the opening is written afresh.
 */
export function replaceEntries(page: string, entries: readonly GalleryEntry[]): string;

/** The chart files (relative to the page) that the section of entry `name` shows; none when the page has no such entry. */
export function entryChartFiles(page: string, name: string): string[];

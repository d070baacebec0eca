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
  charts: { title: string; file: string }[];
}

/** The gallery page. */
export function galleryMarkdown(entries: readonly GalleryEntry[]): string;

// The gallery page (scripts/galleryPage.mjs): a config's description becomes a headline, paragraphs and lists, above its charts.
import { describe, expect, it } from 'vitest';
import { configStory, entryChartFiles, galleryMarkdown, replaceEntries, type GalleryEntry } from '../../scripts/galleryPage.mjs';

const CONFIG = `description: |
  Why GD is slow along small singular directions (lecture 4).

  GD's error along v_k shrinks by (1 - 2 lr sigma_k^2 / n) every step:
  the large directions are learned first.

  What to look at: directions.csv.
    - gd: direction 0 is gone within ~20 steps; direction 15
      has barely changed.
    - precond-gd: every direction at once.
# a comment is not part of the story
name: gd-directions
`;

describe('configStory', () => {
  it('reads the headline, paragraphs and list items of the description', () => {
    expect(configStory(CONFIG)).toEqual({
      headline: 'Why GD is slow along small singular directions (lecture 4).',
      blocks: [
        "GD's error along v_k shrinks by (1 - 2 lr sigma_k^2 / n) every step: the large directions are learned first.",
        'What to look at: directions.csv.',
        '- gd: direction 0 is gone within ~20 steps; direction 15 has barely changed.\n- precond-gd: every direction at once.',
      ],
    });
  });

  it('gives an empty story for a config without a description', () => {
    expect(configStory('name: x\n')).toEqual({ headline: '', blocks: [] });
  });
});

describe('galleryMarkdown', () => {
  it('puts each config under its name with its story, a link, the commands and its charts', () => {
    const page = galleryMarkdown([{
      name: 'gd-directions',
      configLink: '../configs/gd-directions.yaml',
      configPath: 'configs/gd-directions.yaml',
      story: configStory(CONFIG),
      charts: [{ title: 'gd-directions: train loss vs step', file: 'gallery/gd-directions-curves-train_loss-vs-step.svg' }],
    }]);
    expect(page).toContain('## gd-directions\n\n**Why GD is slow along small singular directions (lecture 4).**\n\nGD\'s error');
    expect(page).toContain('[configs/gd-directions.yaml](../configs/gd-directions.yaml)');
    expect(page).toContain('`npx optlab run configs/gd-directions.yaml && npx optlab plot results/gd-directions --out results/gd-directions/report.html`');
    expect(page).toContain('![gd-directions: train loss vs step](gallery/gd-directions-curves-train_loss-vs-step.svg)');
    expect(page).not.toMatch(/TODO|TBD|placeholder/i);
  });
});

/** An entry named `name` with one chart, explained by `theory` when given. */
function entry(name: string, headline: string, theory?: string[]): GalleryEntry {
  return {
    name,
    configLink: `../configs/${name}.yaml`,
    configPath: `configs/${name}.yaml`,
    story: { headline, blocks: [] },
    charts: [{ title: `${name}: a chart`, file: `gallery/${name}-chart.svg`, theory }],
  };
}

describe('theory lines in the gallery', () => {
  it('puts the sentence explaining each theory line under its chart', () => {
    const page = galleryMarkdown([entry('gd-directions', 'h', ['Dashed: the gd recursion, exact for full-batch gd.'])]);
    expect(page).toContain('![gd-directions: a chart](gallery/gd-directions-chart.svg)\n\n*Dashed: the gd recursion, exact for full-batch gd.*\n');
  });
});

describe('replaceEntries', () => {
  const page = galleryMarkdown([entry('adam-vs-sgd', 'old adam'), entry('gd-directions', 'old gd'), entry('ntk-width', 'old ntk')]);

  it('replaces the named entries, keeps the others and inserts new ones in name order', () => {
    const updated = replaceEntries(page, [entry('gd-directions', 'new gd'), entry('infinite-width', 'new infinite')]);
    expect([...updated.matchAll(/^## (.*)$/gm)].map((match) => match[1])).toEqual(['adam-vs-sgd', 'gd-directions', 'infinite-width', 'ntk-width']);
    expect(updated).toContain('**old adam**');
    expect(updated).toContain('**new gd**');
    expect(updated).not.toContain('**old gd**');
    expect(updated).toContain('**old ntk**');
    // Replacing every entry gives the page a full rebuild writes.
    expect(replaceEntries(page, [entry('adam-vs-sgd', 'a'), entry('gd-directions', 'g'), entry('ntk-width', 'n')]))
      .toBe(galleryMarkdown([entry('adam-vs-sgd', 'a'), entry('gd-directions', 'g'), entry('ntk-width', 'n')]));
  });

  it('names the chart files an entry shows, so a partial rebuild removes only those', () => {
    expect(entryChartFiles(page, 'gd-directions')).toEqual(['gallery/gd-directions-chart.svg']);
    expect(entryChartFiles(page, 'edge-of-stability')).toEqual([]);
  });
});

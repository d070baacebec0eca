// The gallery page (scripts/galleryPage.mjs): a config's description becomes a headline, paragraphs and lists, above its charts.
import { describe, expect, it } from 'vitest';
import { configStory, galleryMarkdown } from '../../scripts/galleryPage.mjs';

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

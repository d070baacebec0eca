// `optlab plot` as users run it: SVG files in a folder, one SVG, or one HTML report; exit 2 on bad input.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { FIXTURE_RUNS, freshRoot, writeExperiment, writeNonExperiment, writeProfileProblems } from '../report/fixtures.js';
import { legendLabels, markItems, parseSvg } from '../report/svgMarks.js';


let root: string;
let dir: string;

const optlab = (...args: string[]) => runOptlab(root, ...args);

beforeAll(async () => {
  root = await freshRoot();
  dir = await writeExperiment(root, 'fixture', FIXTURE_RUNS);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('optlab plot', () => {
  it('writes every chart as SVG into <dir>/plots by default', () => {
    const { status, stdout } = optlab('plot', dir);
    expect(status).toBe(0);
    const files = readdirSync(join(dir, 'plots')).sort();
    expect(files).toEqual(['curves-test_loss-vs-step.svg', 'curves-train_loss-vs-step.svg', 'lr-sensitivity-test_loss.svg', 'lr-sensitivity-train_loss.svg']);
    expect(stdout.trim().split('\n')).toHaveLength(4);
    const svg = parseSvg(readFileSync(join(dir, 'plots', 'curves-train_loss-vs-step.svg'), 'utf8'));
    expect(legendLabels(svg).sort()).toEqual(['adam (n=2)', 'sgd lr=0.05 (n=2)', 'sgd lr=0.1 (n=3)', 'sgd lr=0.2 (n=3)']);
    expect(markItems(svg, 'mean_line')).toHaveLength(4);
  });

  it('writes one curves chart to FILE.svg, for the metric and x axis asked for', () => {
    const { status } = optlab('plot', dir, '--metric', 'grad_norm', '--x', 'examples', '--out', 'one.svg');
    expect(status).toBe(0);
    const text = readFileSync(join(root, 'one.svg'), 'utf8');
    expect(text).toContain('full-batch gradient norm');
    expect(text).toContain('training examples seen');
  });

  it('writes one HTML report with the summary and every chart', () => {
    const { status } = optlab('plot', dir, '--out', 'report.html', '--target', '0.25');
    expect(status).toBe(0);
    const html = readFileSync(join(root, 'report.html'), 'utf8');
    expect(html.match(/<figure /g)).toHaveLength(4);
    expect(html).toContain('<th>steps to 0.25</th>');
  });

  it('adds the performance profile over several folders with a target', async () => {
    const problems = await writeProfileProblems(root);
    const { status } = optlab('plot', ...problems, '--target', '0.1', '--out', 'many');
    expect(status).toBe(0);
    expect(existsSync(join(root, 'many', 'performance-profile.svg'))).toBe(true);
    expect(readdirSync(join(root, 'many', 'A'))).toContain('curves-train_loss-vs-step.svg');
  });

  it('exits 2 with a clear message for a folder that is not an experiment or a bad option', async () => {
    const other = await writeNonExperiment(root);
    const cases: [string[], RegExp][] = [
      [[other], /is not an experiment folder/],
      [[dir, '--metric', 'nope'], /--metric takes a curve.csv column/],
      [[dir, '--x', 'epochs'], /--x/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = optlab('plot', ...args);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(STACK_TRACE);
    }
  });
});

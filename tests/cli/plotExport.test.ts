// `optlab plot --out FILE.png / FILE.pdf` as users run it: a real PNG (signature, size, dimensions read from its
// IHDR chunk) or PDF ("%PDF-" header) as one file, never a folder of that name; a clear exit 2, without a stack
// trace, for an unknown extension or when Chromium cannot be found.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTLAB_BIN, runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { FIXTURE_RUNS, freshRoot, writeExperiment } from '../report/fixtures.js';

/** Debian's package `chromium`, as the HTML report's browser test uses; the export tests are skipped without it. */
const CHROMIUM = '/usr/bin/chromium';
/** The eight bytes every PNG file starts with (PNG spec §5.2). */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let root: string;
let dir: string;

beforeAll(async () => {
  root = await freshRoot();
  dir = await writeExperiment(root, 'fixture', FIXTURE_RUNS);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.skipIf(!existsSync(CHROMIUM))(`plot --out FILE.png / FILE.pdf (drawn by ${CHROMIUM}; skipped when the Debian package chromium is not installed)`, () => {
  it('writes the curves chart as a PNG file twice the SVG chart\'s pixel size', () => {
    const svg = runOptlab(root, 'plot', dir, '--out', 'chart.svg');
    expect(svg.status).toBe(0);
    const svgText = readFileSync(join(root, 'chart.svg'), 'utf8');
    const svgWidth = Number(/<svg[^>]*\bwidth="([\d.]+)"/.exec(svgText)![1]);
    const svgHeight = Number(/<svg[^>]*\bheight="([\d.]+)"/.exec(svgText)![1]);
    const { status, stdout, stderr } = runOptlab(root, 'plot', dir, '--out', 'chart.png');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('wrote chart.png');
    const file = join(root, 'chart.png');
    expect(statSync(file).isFile()).toBe(true);
    const png = readFileSync(file);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // The first chunk is IHDR: length (4 bytes), "IHDR", then width and height as big-endian 32-bit integers.
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(2 * Math.ceil(svgWidth));
    expect(png.readUInt32BE(20)).toBe(2 * Math.ceil(svgHeight));
    // 800 px of lines, text and bands at 2x do not compress below a few kilobytes.
    expect(png.length).toBeGreaterThan(5000);
  });

  it('writes the curves chart as a one-page PDF file', () => {
    const { status, stderr } = runOptlab(root, 'plot', dir, '--out', 'chart.pdf');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const pdf = readFileSync(join(root, 'chart.pdf'));
    expect(statSync(join(root, 'chart.pdf')).isFile()).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  });
});

describe('plot --out errors', () => {
  it('refuses an extension it cannot write, without making a folder of that name', () => {
    const { status, stderr } = runOptlab(root, 'plot', dir, '--out', 'chart.jpg');
    expect(status).toBe(2);
    expect(stderr).toMatch(/--out chart\.jpg: a file must end in \.html, \.svg, \.png, \.pdf/);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(root, 'chart.jpg'))).toBe(false);
  });

  it('names what to install when Chromium is not on PATH', () => {
    // PATH names only an empty folder (node is started by its full path), and OPTLAB_CHROMIUM is unset.
    const env = { ...process.env, PATH: join(root, 'no-browsers-here'), OPTLAB_CHROMIUM: '', CI: 'true' };
    const result = spawnSync(process.execPath, [OPTLAB_BIN, 'plot', dir, '--out', 'none.png'], { cwd: root, encoding: 'utf8', env });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/headless Chromium, which was not found on PATH: install it \(Debian\/Ubuntu: apt-get install chromium\)/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(root, 'none.png'))).toBe(false);
  });
});

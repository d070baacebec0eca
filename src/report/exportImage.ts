// PNG and PDF export of a drawn chart: the SVG is opened in headless Chromium (found on PATH or named by
// OPTLAB_CHROMIUM), which writes a screenshot or prints a page sized to the chart. Vega alone draws only SVG in
// Node (its PNG output needs the native canvas package, which optlab does not depend on).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { UsageError } from '../lib/errors.js';
import { ResultsNotWritten } from '../output/writeFault.js';

export const IMAGE_FORMATS = ['png', 'pdf'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Names Chromium goes by on PATH: Debian's package, Ubuntu's older one, Google's builds. */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** PNG pixels per SVG pixel: twice the chart's size, so text stays sharp on a high-density screen or a slide. */
export const PNG_SCALE = 2;
/** Chromium starts and draws one chart in a second or two; past this it is stuck. */
const CHROMIUM_TIMEOUT_MS = 60_000;

/** Chromium's executable: OPTLAB_CHROMIUM, else the first of CHROMIUM_NAMES on PATH; a UsageError says what to install. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.OPTLAB_CHROMIUM;
  if (named !== undefined && named !== '') {
    if (!existsSync(named)) throw new UsageError(`OPTLAB_CHROMIUM is ${named}, which does not exist: set it to Chromium's executable`);
    return named;
  }
  for (const folder of (env.PATH ?? '').split(delimiter).filter((entry) => entry !== '')) {
    for (const name of CHROMIUM_NAMES) if (existsSync(join(folder, name))) return join(folder, name);
  }
  throw new UsageError('PNG and PDF export draws the chart in headless Chromium, which was not found on PATH: install it '
    + '(Debian/Ubuntu: apt-get install chromium), or set OPTLAB_CHROMIUM to its executable, or write --out FILE.svg');
}

/** The width and height in pixels that Vega writes on its SVG's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const size = (name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)"`).exec(root)?.[1]);
  const width = size('width');
  const height = size('height');
  if (!(width > 0 && height > 0)) throw new Error('the chart SVG has no width and height');
  return { width: Math.ceil(width), height: Math.ceil(height) };
}

/** A page holding only the chart, at its size, with no margins (and a PDF page of exactly that size). */
function chartPage(svg: string, width: number, height: number): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: ${width}px ${height}px; margin: 0; }
html, body { margin: 0; padding: 0; background: white; overflow: hidden; }
svg { display: block; }
</style></head><body>${svg}</body></html>`;
}

/** The chart as PNG (PNG_SCALE × its pixel size) or PDF (one page the chart's size), drawn by Chromium. */
export async function exportImage(svg: string, format: ImageFormat, chromium = findChromium()): Promise<Buffer> {
  const { width, height } = svgSize(svg);
  const folder = await mkdtemp(join(tmpdir(), 'optlab-export-'));
  try {
    const page = join(folder, 'chart.html');
    const output = join(folder, `chart.${format}`);
    await writeFile(page, chartPage(svg, width, height));
    const common = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${join(folder, 'profile')}`];
    const formatArgs = format === 'png'
      ? [`--screenshot=${output}`, `--window-size=${width},${height}`, `--force-device-scale-factor=${PNG_SCALE}`]
      : [`--print-to-pdf=${output}`, '--no-pdf-header-footer'];
    try {
      await promisify(execFile)(chromium, [...common, ...formatArgs, pathToFileURL(page).href], { timeout: CHROMIUM_TIMEOUT_MS });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-3).join(' | ');
      throw new ResultsNotWritten(`Chromium (${chromium}) could not draw the ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}${stderr === '' ? '' : ` (${stderr})`}`);
    }
    if (!existsSync(output)) throw new ResultsNotWritten(`Chromium (${chromium}) ran but wrote no ${format.toUpperCase()}`);
    return await readFile(output);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

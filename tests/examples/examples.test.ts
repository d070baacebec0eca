// Every example config, trained through the real loader and runExperiment, shows its lesson on every seed:
// small (the lesson's --set overrides) on cpu and wasm in CI; at full size, on one backend, when
// OPTLAB_EXAMPLES_FULL names a file for the table of measured numbers (bench/examples.mjs sets it).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan, runExperiment } from '../../src/index.js';
import { describeEachBackend } from '../helpers/backends.js';
import { LESSONS, readResults, type Claim, type Lesson } from './lessons.js';

const fullTable = process.env.OPTLAB_EXAMPLES_FULL;
/** Comma-separated config names to check at full size (all when unset). */
const only = process.env.OPTLAB_EXAMPLES_ONLY?.split(',');
const root = mkdtempSync(join(tmpdir(), 'optlab-examples-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One line per claim and seed: config, claim, seed, measured, PASS/FAIL. */
const table: string[] = [];
afterAll(() => {
  if (fullTable) writeFileSync(fullTable, `${table.join('\n')}\n`);
});

async function claimsOf(lesson: Lesson, backend: string, full: boolean): Promise<Claim[]> {
  const plan = loadPlan(join('configs', `${lesson.config}.yaml`), { set: full ? [] : lesson.small });
  const outRoot = join(root, `${backend}-${full ? 'full' : 'small'}`);
  const result = await runExperiment(plan, { outRoot, backend: backend as 'cpu' | 'wasm' | 'auto' });
  return lesson.claims(readResults(result.outDir));
}

function failures(claims: Claim[]): string[] {
  return claims.flatMap((c) => c.seeds.filter((s) => !s.pass).map((s) => `${c.text} — seed ${s.seed}: ${s.measured}`));
}

it('has a lesson for every example config', () => {
  const configs = readdirSync('configs').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
  expect(LESSONS.map((l) => l.config).sort()).toEqual(configs.sort());
});

if (fullTable) {
  describe('examples at full size', () => {
    for (const lesson of LESSONS.filter((l) => only === undefined || only.includes(l.config))) {
      it(lesson.config, { timeout: 3_600_000 }, async () => {
        const started = Date.now();
        const claims = await claimsOf(lesson, 'auto', true);
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        for (const claim of claims) {
          for (const s of claim.seeds) table.push([lesson.config, claim.text, `seed ${s.seed}`, s.measured, s.pass ? 'PASS' : 'FAIL', `${seconds} s`].join(' | '));
        }
        expect(failures(claims).join('\n')).toBe('');
      });
    }
  });
} else {
  describeEachBackend('examples, small', (backend) => {
    for (const lesson of LESSONS.filter((l) => l.backends.includes(backend))) {
      it(lesson.config, { timeout: 120_000 }, async () => {
        expect(failures(await claimsOf(lesson, backend, false)).join('\n')).toBe('');
      });
    }
  });
}

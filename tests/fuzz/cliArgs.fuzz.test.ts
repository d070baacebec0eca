// Fuzz: random command lines (unknown options, bad --set, --shard, --jobs, --backend, missing files,
// folders for files) end in exit 0 or exit 2 with a message and no stack trace; the parsers behind them
// (--set, --shard, --jobs) return a value or throw a user error, never anything else. In process, for speed.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseJobs } from '../../src/cli/commands/run.js';
import { parseOverride } from '../../src/config/overrides.js';
import { ConfigError, UsageError } from '../../src/lib/errors.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { parseShard } from '../../src/plan/shard.js';
import { STACK_TRACE } from '../helpers/cli.js';
import { checkConfigError, checkUserError } from './userMessages.js';

/** Fixed so that CI sees the same cases every time; fast-check prints the seed and path of a failure to replay it. */
const SEED = 20_261_129;

const folder = mkdtempSync(join(tmpdir(), 'optlab-fuzz-cli-'));
const GOOD = join(folder, 'good.yaml');
const BAD = join(folder, 'bad.yaml');
const A_FOLDER = join(folder, 'a-folder');
beforeAll(() => {
  writeFileSync(GOOD, 'name: good\ntrain: { steps: 5 }\noptimizers: [{ kind: sgd, lr: [0, 0.1] }]\n');
  writeFileSync(BAD, 'name: bad\ntrain: { steps: ten }\noptimizers: [{ kind: sgdd }]\n');
  mkdirSync(A_FOLDER);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Strings that stress a parser: empty, signs, huge, fractional, unicode, control characters. */
const oddText = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '1.5', 'abc', '1e3', '0x10', 'NaN', 'Infinity', '99999999999999999999', '1/0', '0/0', '2/1', '1/2',
    'auto/4', 'auto/0', '1/100000', '3/3', ' 2/4 ', '1//2', '½', '١/٢', '--', '-', '=', '\u0000', '😀', 'x'.repeat(5000)),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

/** `--set` texts: real and broken paths, values in YAML's corners, comma lists, brackets. */
const setText = fc.oneof(
  fc.tuple(
    fc.constantFrom('train.steps', 'seeds', 'name', 'optimizers[0].lr', 'optimizers[1].lr', 'optimizers[0]', 'data.kind', 'model', 'grid',
      'zip', 'train', '__proto__.x', 'constructor.prototype.x', 'a..b', 'a[', '[0]', 'optimizers[99999999999999999999].lr', 'train.steps.x', ''),
    fc.constantFrom('=', '==', ' = ', ''),
    fc.oneof(oddText, fc.constantFrom('[1,2', '{a: 1', '1,2,3', '[1,2],[3]', '"a,b"', "'", '*a', '&a 1', '!!js/function f', '{__proto__: 1}', '~', '.nan', '.inf', '-.inf')),
  ).map(([path, eq, value]) => `${path}${eq}${value}`),
  oddText,
);

const pathArg = fc.oneof(
  { weight: 3, arbitrary: fc.constant(GOOD) },
  { weight: 3, arbitrary: fc.constantFrom(BAD, join(folder, 'missing.yaml'), A_FOLDER, join(GOOD, 'below'), '', '-', 'é.yaml', 'a\u0001b') },
);

const setOption = setText.map((text) => ['--set', text]);
const flagOnly = fc.constantFrom('--force', '--quiet', '--profile', '--set', '--shard', '--bogus', '-z', '--', '--help', '--version').map((flag) => [flag]);
const anyOption: fc.Arbitrary<string[]> = fc.oneof(
  flagOnly,
  fc.string({ maxLength: 8 }).map((text) => [`--${text}`]),
  fc.tuple(fc.constantFrom('--set', '--shard', '--jobs', '--backend', '--matrix', '--out', '--format', '--target', '--sort', '--metric', '--x'), oddText).map((pair) => [...pair]),
);

/** Options mostly of the command's own, so that the fuzz reaches the commands and not only the option parser. */
function options(own: fc.Arbitrary<string[]>): fc.Arbitrary<string[]> {
  return fc.array(fc.oneof({ weight: 4, arbitrary: own }, { weight: 1, arbitrary: anyOption }), { maxLength: 3 }).map((list) => list.flat());
}

const runLine = fc
  .tuple(
    fc.array(pathArg, { minLength: 1, maxLength: 2 }),
    options(
      fc.oneof(
        setOption,
        oddText.map((text) => ['--shard', text]),
        oddText.map((text) => ['--jobs', text]),
        fc.oneof(oddText, fc.constantFrom('cpu', 'wasm', 'auto', 'tensorflow', 'nope')).map((text) => ['--backend', text]),
        pathArg.map((text) => ['--out', text]),
      ),
    ),
  )
  // Always --dry-run: the fuzz checks argument handling, not training.
  .map(([configs, opts]) => ['run', ...configs, ...opts, '--dry-run']);
const validateLine = fc.tuple(fc.array(pathArg, { maxLength: 2 }), options(setOption)).map(([configs, opts]) => ['validate', ...configs, ...opts]);
const planLine = fc
  .tuple(pathArg, options(fc.oneof(setOption, fc.oneof(oddText, pathArg).map((text) => ['--matrix', text]))))
  .map(([config, opts]) => ['plan', config, ...opts]);
const reportLine = fc
  .tuple(
    fc.constantFrom('summary', 'plot', 'merge'),
    fc.array(fc.oneof(pathArg, oddText), { maxLength: 2 }),
    options(
      fc.oneof(
        fc.oneof(oddText, fc.constantFrom('table', 'csv', 'md', 'json')).map((text) => ['--format', text]),
        oddText.map((text) => ['--target', text]),
        oddText.map((text) => ['--sort', text]),
        oddText.map((text) => ['--metric', text]),
        oddText.map((text) => ['--x', text]),
        pathArg.map((text) => ['--out', text]),
      ),
    ),
  )
  .map(([command, dirs, opts]) => [command, ...dirs, ...opts]);
const otherLine = fc
  .tuple(fc.constantFrom('list', 'runn', ''), fc.array(oddText, { maxLength: 2 }), options(anyOption))
  .map(([command, args, opts]) => [command, ...args, ...opts]);

const commandLine: fc.Arbitrary<string[]> = fc.oneof(runLine, validateLine, planLine, reportLine, otherLine);

/** Runs the CLI in process; returns its exit status and what it printed. */
async function optlab(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    await main(['node', 'optlab', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout, stderr };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('fuzzing command lines', () => {
  it('exits 0, or 2 with a message and no stack trace, and writes nothing', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(commandLine, async (args) => {
        const { status, stderr } = await optlab(args);
        statuses.add(status);
        expect([0, 2], stderr).toContain(status);
        if (status === 2) {
          expect(stderr.trim()).not.toBe('');
          expect(stderr).not.toMatch(STACK_TRACE);
          expect(stderr).not.toMatch(/undefined|\[object |TypeError|RangeError/);
        }
      }),
      { seed: SEED, numRuns: 250 },
    );
    expect([...statuses].sort()).toEqual([0, 2]);
    expect(readdirSync(folder).sort()).toEqual(['a-folder', 'bad.yaml', 'good.yaml']);
  }, 60_000);
});

describe('fuzzing the argument parsers', () => {
  it('--set: parses or explains, and a parsed override applies or is refused with its text named', () => {
    fc.assert(
      fc.property(setText, (text) => {
        const parsed = parseOverride(text);
        if ('location' in parsed) expect(parsed.location.file).toBe(`--set ${text}`);
        try {
          loadPlan(GOOD, { set: [text] });
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          for (const problem of error.problems) {
            if (problem.location.file.startsWith('--set ')) checkUserError(new UsageError(problem.message));
            else checkConfigError(new ConfigError([problem]), GOOD);
          }
        }
        expect(({} as Record<string, unknown>).x).toBeUndefined();
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('--shard: a shard within 1..N, or a UsageError', () => {
    const environment = fc.record(
      { JOB_COMPLETION_INDEX: oddText, SLURM_ARRAY_TASK_ID: oddText, SLURM_ARRAY_TASK_MIN: oddText },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(oddText, fc.tuple(fc.constantFrom('auto', '0', '1', '7', '10000', '10001'), fc.constantFrom('1', '4', '10000', '10001', '0')).map(([i, n]) => `${i}/${n}`)), environment, (text, env) => {
        try {
          const shard = parseShard(text, env);
          expect(Number.isInteger(shard.index) && Number.isInteger(shard.count)).toBe(true);
          expect(shard.index >= 1 && shard.index <= shard.count && shard.count <= 10_000).toBe(true);
        } catch (error) {
          expect(checkUserError(error)).toMatch(/^--shard /);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('--jobs: a whole number >= 1, or a UsageError', () => {
    fc.assert(
      fc.property(oddText, (text) => {
        try {
          const jobs = parseJobs(text);
          // Not necessarily a safe integer: runExperiment starts at most one worker per cohort.
          expect(Number.isInteger(jobs) && jobs >= 1).toBe(true);
        } catch (error) {
          expect(checkUserError(error)).toMatch(/^--jobs expects a whole number/);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

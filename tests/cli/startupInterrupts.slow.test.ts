// Slow group (~40 s): a terminal's Ctrl-C (SIGINT to the whole process group) at fixed moments spread over the
// start-up of `optlab run --jobs 2`, while optlab loads, while its worker loads TensorFlow.js, while the
// backends start and the first steps run: every time it exits 1 with no stack trace, writes its summary, leaves
// no half-written file and no process behind. The moments start 500 ms after the spawn: before Node runs
// optlab's first line (~50 ms on an idle machine, up to ~350 ms measured on a loaded one) no program can catch a
// signal, and its default action ends the process with nothing written.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/rng.js';
import { TEST_BACKENDS } from '../helpers/backends.js';
import { groupAlive, startOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-startup-sigint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Three cohorts, one long (400,000 steps: ~17 s at the ~23,500 steps/s measured on an idle machine, where
// 20,000 steps once finished before the last moment), so that every moment below falls in start-up or in the
// first steps, whatever the machine's load; --jobs 2 forks one worker before optlab loads TensorFlow.js.
const config = `name: startup
seeds: [0, 1]
data: { kind: linear-regression, n_train: 64, n_test: 32, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear, init: normal }
train: { batch_size: 8 }
optimizers: [{ kind: adam, lr: 0.01 }]
zip: { train.steps: [400000, 40, 30], train.eval_every: [20000, 10, 10] }
`;
writeFileSync(join(root, 'startup.yaml'), config);

/** Trials: one moment in each 250 ms from 0.5 s to 3.5 s after the spawn (seeded), backends taking turns. */
const FIRST_MS = 500;
const STRATUM_MS = 250;
const TRIALS = 12;
const rng = new Rng(20261203, 'startup-sigint');
const trials = Array.from({ length: TRIALS }, (_, i) => ({
  delayMs: FIRST_MS + i * STRATUM_MS + rng.int(0, STRATUM_MS - 1),
  backend: TEST_BACKENDS[i % TEST_BACKENDS.length],
}));

/** Every file under `dir`, relative paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
}

describe('Ctrl-C while optlab run --jobs 2 starts', () => {
  it.each(trials)('at $delayMs ms on $backend: exit 1, summary written, nothing half-written, no process left', async ({ delayMs, backend }) => {
    const out = `out-${delayMs}`;
    const run = startOptlab(root, 'run', 'startup.yaml', '--out', out, '--jobs', '2', '--backend', backend);
    const pid = run.child.pid!;
    const timer = setTimeout(() => process.kill(-pid, 'SIGINT'), delayMs);
    try {
      const { status, signal } = await run.exited;
      expect(run.stderr()).not.toMatch(STACK_TRACE);
      expect({ status, signal }).toEqual({ status: 1, signal: null });
      expect(run.stderr()).toContain('optlab: stopping after the current step');
      expect(run.stdout().trim().split('\n').at(-1)).toMatch(/^startup: 6 runs — \d complete, 0 diverged, \d failed, \d interrupted(, \d not started)?; results in /);
      const dir = join(root, out, 'startup');
      expect(readFileSync(join(dir, 'summary.csv'), 'utf8')).toMatch(/^run_id,/);
      // Nothing half-written: only finished files (an atomic write's temp file has a suffix), every run folder
      // with its run.json.
      for (const file of filesUnder(dir)) expect(file).toMatch(/\.(csv|json)$/);
      const runFolders = existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')) : [];
      for (const id of runFolders) {
        expect(JSON.parse(readFileSync(join(dir, 'runs', id, 'run.json'), 'utf8')).status).toMatch(/^(complete|interrupted|failed)$/);
      }
      // The worker exits with its parent: no process of the group is left.
      const deadline = performance.now() + 10_000;
      while (groupAlive(pid) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(groupAlive(pid)).toBe(false);
    } finally {
      clearTimeout(timer);
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
  });
});

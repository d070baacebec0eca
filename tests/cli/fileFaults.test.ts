// File faults as a user meets them: an output folder that cannot be written is refused before anything trains,
// exit 2, with one line naming the folder and what to do.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-cli-file-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Root ignores permission bits: a read-only folder made with chmod blocks nobody then. */
const RUNNING_AS_ROOT = process.getuid?.() === 0;

const config = join(root, 'tiny.yaml');
writeFileSync(
  config,
  `name: tiny
seeds: [0, 1]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 10, noise: 0.1 }
model: { kind: linear }
train: { steps: 10, batch_size: 8, eval_every: 5 }
optimizers: [{ kind: sgd, lr: 0.05 }, { kind: adam, lr: 0.01 }, { kind: rmsprop, lr: 0.01 }]
`,
);

describe('optlab run on an output folder it cannot write', () => {
  it('exits 2 before training when --out lies under a regular file, naming the folder and what to do', () => {
    writeFileSync(join(root, 'occupied'), 'a file where the results folder should be');
    const { status, stdout, stderr } = runOptlab(root, 'run', config, '--out', 'occupied/results', '--backend', 'cpu', '--jobs', '1');
    expect(status).toBe(2);
    expect(stderr.trim()).toBe(
      `optlab: cannot write results to ${join('occupied', 'results', 'tiny')}: a part of the path is a file, not a folder (ENOTDIR); ` +
        'choose a writable folder with --out, or make this one writable',
    );
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(stdout).toBe('');
  });

  it.skipIf(RUNNING_AS_ROOT)('exits 2 before training when --out is read-only', () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      const { status, stdout, stderr } = runOptlab(root, 'run', config, '--out', 'locked', '--backend', 'cpu', '--jobs', '1');
      expect(status).toBe(2);
      expect(stderr.trim()).toBe(
        `optlab: cannot write results to ${join('locked', 'tiny')}: permission denied (EACCES); choose a writable folder with --out, or make this one writable`,
      );
      expect(stdout).toBe('');
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

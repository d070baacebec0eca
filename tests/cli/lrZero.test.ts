// lr = 0 is a control run (torch.optim accepts it): through a real `optlab run`, every optimizer at lr 0
// (with decoupled decay, momentum and a warmup-then-cosine schedule too) leaves the parameters at their init,
// so train_loss stays at its step-0 value exactly, while an sgd arm at lr > 0 in the same cohorts trains.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-lr-zero-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = `name: lr-zero
data: { kind: teacher-mlp, n_train: 64, n_test: 32, dim: 4, hidden: [8] }
model: { kind: mlp, hidden: [16] }
train: { steps: 30, batch_size: 16, eval_every: 10, schedule: { kind: warmup, steps: 5, then: { kind: cosine } } }
optimizers:
  - { kind: sgd, lr: [0, 0.05] }
  - { kind: nesterov, lr: 0 }
  - { kind: adam, lr: 0 }
  - { kind: adamw, lr: 0, weight_decay: 0.1 }
  - { kind: lion, lr: 0, weight_decay: 0.1 }
  - { kind: rmsprop, lr: 0 }
`;

/** A CSV file as rows of named cells. */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

describe('lr = 0 through optlab run', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`keeps every lr = 0 run at its init while lr > 0 trains [${backend}]`, () => {
      const file = join(root, `${backend}.yaml`);
      writeFileSync(file, config);
      const out = join(root, backend);
      const { status, stderr } = runOptlab(root, 'run', file, '--out', out, '--backend', backend, '--jobs', '1', '--quiet');
      expect(status, stderr).toBe(0);
      expect(stderr).not.toMatch(STACK_TRACE);
      const runs = readCsv(join(out, 'lr-zero', 'summary.csv'));
      expect(runs).toHaveLength(7);
      for (const run of runs) {
        expect(run.status).toBe('complete');
        const curve = readCsv(join(out, 'lr-zero', 'runs', run.run_id, 'curve.csv')).map((row) => ({
          lr: Number(row.lr),
          trainLoss: Number(row.train_loss),
          paramDist: Number(row.param_dist),
        }));
        const first = curve[0].trainLoss;
        expect(first).toBeGreaterThan(0);
        if (curve.some((row) => row.lr > 0)) {
          // sgd at 0.05 trains: the loss falls and the parameters move.
          expect(curve[curve.length - 1].trainLoss).toBeLessThan(0.9 * first);
          expect(curve[curve.length - 1].paramDist).toBeGreaterThan(0);
        } else {
          // lr 0: no update moves the parameters, so the loss on the full training set never changes.
          expect(curve.map((row) => row.trainLoss)).toEqual(curve.map(() => first));
          expect(curve.map((row) => row.paramDist)).toEqual(curve.map(() => 0));
        }
      }
      expect(runs.filter((run) => run.arm === 'sgd')).toHaveLength(2);
    }, 120_000);
  }
});

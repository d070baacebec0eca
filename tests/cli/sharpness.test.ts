// sharpness.csv through `optlab run` as users run it (SPEC §6): written beside curve.csv at steps 0, every k
// and the last, the curve logged at the same steps; a bad sharpness setting exits 2 with a located message and
// writes nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-sharpness-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const optlab = (...args: string[]) => runOptlab(root, ...args);

function write(name: string, text: string): string {
  writeFileSync(join(root, name), text);
  return name;
}

describe('optlab run with metrics.sharpness', () => {
  it('writes sharpness.csv at steps 0, every k and the last, with the curve logged there too', () => {
    const config = `name: sharp
data: { kind: moons, n_train: 64, n_test: 32 }
model: { kind: mlp, hidden: [8], activation: tanh }
train: { steps: 25, batch_size: full, loss: mse, eval_every: 25 }
metrics: { sharpness: { every: 10, iters: 5 } }
optimizers:
  - { kind: gd, lr: 0.1 }
  - { kind: momentum, lr: 0.1, momentum: 0.5 }
  - { kind: adam, lr: 0.01 }
`;
    const { status, stderr } = optlab('run', write('sharp.yaml', config), '--out', 'out', '--backend', 'cpu');
    expect(status, stderr).toBe(0);
    const runsDir = join(root, 'out', 'sharp', 'runs');
    const byArm = new Map<string, string[][]>();
    for (const id of readdirSync(runsDir)) {
      const arm = JSON.parse(readFileSync(join(runsDir, id, 'run.json'), 'utf8')).config.optimizer.kind as string;
      const lines = readFileSync(join(runsDir, id, 'sharpness.csv'), 'utf8').trim().split('\n');
      expect(lines[0]).toBe('step,sharpness,stability_limit,precond_sharpness,precond_stability_limit');
      byArm.set(arm, lines.slice(1).map((line) => line.split(',')));
      const curveSteps = readFileSync(join(runsDir, id, 'curve.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]);
      expect(curveSteps).toEqual(['0', '10', '20', '25']);
    }
    for (const rows of byArm.values()) {
      expect(rows.map((row) => row[0])).toEqual(['0', '10', '20', '25']);
      for (const row of rows) expect(Number(row[1])).toBeGreaterThan(0);
    }
    // gd: 2/lr; momentum (heavy ball, no dampening): 2(1 + μ)/lr; adam: the preconditioned limit (2 + 2β1)/((1 − β1) lr).
    expect(byArm.get('gd')!.map((row) => row.slice(2))).toEqual(new Array(4).fill(['20', '', '']));
    expect(byArm.get('momentum')!.map((row) => row.slice(2))).toEqual(new Array(4).fill(['30', '', '']));
    const adam = byArm.get('adam')!;
    expect(adam[0].slice(2, 4)).toEqual(['', '']);
    expect(Number(adam[0][4])).toBeCloseTo((2 + 2 * 0.9) / (0.1 * 0.01), 9);
    for (const row of adam.slice(1)) expect(Number(row[3])).toBeGreaterThan(0);
  });

  it('exits 2 when metrics.sharpness.points exceeds the rows of a CSV dataset, writing nothing', () => {
    write('small-train.csv', 'a,y\n1,2\n3,4\n');
    write('small-test.csv', 'a,y\n1,2\n');
    const file = write(
      'sharp-csv.yaml',
      'name: sharpcsv\ndata: { kind: csv, train: small-train.csv, test: small-test.csv, target: y }\nmodel: { kind: mlp, width: 4 }\ntrain: { batch_size: full, steps: 2 }\noptimizers: [{ kind: gd }]\nmetrics: { sharpness: { points: 32 } }\n',
    );
    for (const args of [['validate', file], ['run', file, '--out', 'csv-out', '--backend', 'cpu']]) {
      const { status, stderr } = optlab(...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(/metrics\.sharpness\.points: expected at most 2/);
      expect(stderr).not.toMatch(STACK_TRACE);
    }
    expect(existsSync(join(root, 'csv-out', 'sharpcsv', 'runs'))).toBe(false);
  });

  it('exits 2 on iters 0 with the file, line and field, writing nothing', () => {
    const file = write('iters.yaml', 'name: iters\nmetrics: { sharpness: { iters: 0 } }\noptimizers: [{ kind: gd }]\n');
    const { status, stderr } = optlab('run', file, '--out', 'iters-out', '--backend', 'cpu');
    expect(status).toBe(2);
    expect(stderr).toMatch(/iters\.yaml:2:\d+.*metrics\.sharpness\.iters/);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(root, 'iters-out'))).toBe(false);
  });
});

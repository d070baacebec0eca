// `optlab run --check` and `optlab check` as CI runs them: exit 1 when a claim of the config fails, 0 when
// every claim holds, claims.csv written either way, never a stack trace.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * GD on a well-conditioned 4-dimensional linear regression at lr 0.01 and 0 (which never moves): after 30 full-batch
 * steps the lr-0.01 run's train loss is below its start, while lr 0 keeps the initial loss exactly.
 */
function config(name: string, claim: string): string {
  const path = join(root, `${name}.yaml`);
  writeFileSync(path, [
    `name: ${name}`,
    'seeds: [0, 1]',
    'data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 4, condition: 2, noise: 0 }',
    'train: { steps: 30, batch_size: full, eval_every: 10 }',
    'optimizers:',
    '  - { kind: gd, lr: [0, 0.01] }',
    'expect:',
    `  - ${JSON.stringify(claim)}`,
  ].join('\n') + '\n');
  return path;
}

const optlab = (...args: string[]) => runOptlab(root, ...args);

describe('optlab run --check and optlab check', () => {
  it('exit 0 when the claim holds, and write claims.csv', () => {
    const run = optlab('run', config('holds', 'gd[lr=0.01].final_train_loss < gd[lr=0].final_train_loss'), '--out', 'results', '--backend', 'cpu', '--quiet', '--check');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('holds: 1 of 1 claims hold');
    expect(run.stdout).toMatch(/PASS gd\[lr=0\.01\] below gd\[lr=0\] on final_train_loss: yes, [\d.]+x/);
    const csv = readFileSync(join(root, 'results', 'holds', 'claims.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('claim,measured,passed,text');
    expect(csv[1]).toMatch(/^gd\[lr=0\.01\]\.final_train_loss < gd\[lr=0\]\.final_train_loss,[\d.e-]+,true,/);
    const check = optlab('check', join('results', 'holds'));
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('1 of 1 claims hold');
    // summary ends its table with the claims; its CSV stays one table.
    expect(optlab('summary', join('results', 'holds')).stdout).toMatch(/\n\nholds: 1 of 1 claims hold\n  PASS gd\[lr=0\.01\] below/);
    expect(optlab('summary', join('results', 'holds'), '--format', 'csv').stdout).not.toContain('claims hold');
  });

  it('exit 1 when the claim fails (run --check and check), 0 for run without --check', () => {
    const file = config('fails', 'gd[lr=0.01].final_train_loss > gd[lr=0].final_train_loss');
    const run = optlab('run', file, '--out', 'results', '--backend', 'cpu', '--quiet', '--check');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('fails: 0 of 1 claims hold');
    expect(run.stdout).toContain('FAIL gd[lr=0.01] above gd[lr=0] on final_train_loss: no');
    expect(readFileSync(join(root, 'results', 'fails', 'claims.csv'), 'utf8')).toMatch(/,false,/);
    const check = optlab('check', join('results', 'fails'));
    expect(check.status).toBe(1);
    expect(check.stderr).not.toMatch(STACK_TRACE);
    // Without --check the claim is reported but the exit status says only whether the runs finished.
    expect(optlab('run', file, '--out', 'results', '--backend', 'cpu', '--quiet').status).toBe(0);
  });

  it('a claim naming no group is a located config error before training (exit 2), and check of a non-folder exits 2', () => {
    const run = optlab('run', config('bad', 'gdd.final_train_loss < 1'), '--out', 'results', '--backend', 'cpu', '--quiet', '--check');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:8:5: expect\[0\]: this claim cannot be checked: "gdd" names no arm: expected one of gd \(did you mean "gd"\?\)/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const check = optlab('check', 'nowhere');
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('"nowhere" is not a folder');
    expect(check.stderr).not.toMatch(STACK_TRACE);
  });
});

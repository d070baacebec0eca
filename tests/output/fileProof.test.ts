// The proof run.json keeps of a file: data rows counted by hand, SHA-256 checked against the published test
// vector and against the system's sha256sum, and a mismatch that says what changed.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proofMismatch, proofOf } from '../../src/output/fileProof.js';
import { tempDir } from '../helpers/tempDirs.js';

describe('proofOf', () => {
  it('hashes as SHA-256 does: the FIPS 180-2 vector for "abc"', () => {
    expect(proofOf('curve.csv', 'abc').sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the hash sha256sum prints for the same file', () => {
    const text = 'step,train_loss\n0,1\n10,0.5\n';
    const file = join(tempDir('proof'), 'curve.csv');
    writeFileSync(file, text);
    const sha256sum = spawnSync('sha256sum', [file], { encoding: 'utf8' });
    expect.soft(sha256sum.status, 'sha256sum is needed as the reference').toBe(0);
    expect(proofOf('curve.csv', text).sha256).toBe(sha256sum.stdout.split(' ')[0]);
  });

  it('counts data rows: lines after the header, every line of a kernel file, a last line cut before its newline too', () => {
    expect(proofOf('curve.csv', 'step,train_loss\n0,1\n10,0.5\n').rows).toBe(2);
    expect(proofOf('curve.csv', 'step,train_loss\n').rows).toBe(0);
    expect(proofOf('ntk.csv', 'step,ntk_trace\n0,1\n10,0.').rows).toBe(2);
    expect(proofOf('kernel_init.csv', '1,0.5\n0.5,1\n').rows).toBe(2);
  });
});

describe('proofMismatch', () => {
  const text = 'step,train_loss\n0,1\n10,0.5\n20,0.25\n';
  const proof = proofOf('curve.csv', text);

  it('is null for the same text', () => {
    expect(proofMismatch('curve.csv', text, proof)).toBeNull();
  });

  it('tells a file cut at a row boundary by its row count', () => {
    expect(proofMismatch('curve.csv', 'step,train_loss\n0,1\n10,0.5\n', proof)).toMatch(
      /^curve\.csv does not match its run\.json \(2 data rows instead of 3, SHA-256 [0-9a-f]{12}… instead of [0-9a-f]{12}…\): it was cut short or changed after the run was written$/,
    );
  });

  it('tells an edited value with the same rows by its hash', () => {
    expect(proofMismatch('curve.csv', text.replace('0.25', '0.24'), proof)).toMatch(/^curve\.csv does not match its run\.json \(the same 3 data rows, SHA-256/);
  });
});

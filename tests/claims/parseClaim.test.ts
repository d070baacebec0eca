// The claim parser on hand-written claims: the tree it builds, and where it says a claim cannot be read.
import { describe, expect, it } from 'vitest';
import { ClaimSyntaxError } from '../../src/claims/claimSyntaxError.js';
import { parseClaim } from '../../src/claims/parseClaim.js';

/** The error parseClaim throws for `text`. */
function syntaxError(text: string): ClaimSyntaxError {
  try {
    parseClaim(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ClaimSyntaxError);
    return error as ClaimSyntaxError;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('parseClaim', () => {
  it('reads a comparison of two groups with arithmetic, every seed by default', () => {
    const claim = parseClaim('adam[lr=0.01].final_train_loss < gd.final_train_loss / 5');
    expect(claim.aggregate).toBe('every');
    expect(claim.test.op).toBe('<');
    expect(claim.left).toMatchObject({
      kind: 'name',
      segments: [{ name: 'adam', selectors: [{ field: 'lr', value: 0.01 }] }, { name: 'final_train_loss', selectors: [] }],
    });
    if (claim.test.op === 'in') throw new Error('expected a comparison');
    expect(claim.test.right).toMatchObject({
      kind: 'binary',
      op: '/',
      left: { kind: 'name', segments: [{ name: 'gd' }, { name: 'final_train_loss' }] },
      right: { kind: 'number', value: 5 },
    });
  });

  it('gives * and / precedence over + and -, and reads a unary minus', () => {
    const claim = parseClaim('a.x > 1 + 2 * -3');
    if (claim.test.op === 'in') throw new Error('expected a comparison');
    expect(claim.test.right).toMatchObject({
      kind: 'binary', op: '+', left: { value: 1 }, right: { kind: 'binary', op: '*', left: { value: 2 }, right: { kind: 'negate', operand: { value: 3 } } },
    });
  });

  it('reads mean/median, a status word, names with dashes and a slope over log axes in a range', () => {
    expect(parseClaim('median precond-gd.final_train_loss <= 1e-10').aggregate).toBe('median');
    expect(parseClaim('precond-gd.final_train_loss <= 1e-10').left).toMatchObject({ segments: [{ name: 'precond-gd' }, { name: 'final_train_loss' }] });
    const status = parseClaim('sgd[lr=0.08].status == diverged');
    if (status.test.op === 'in') throw new Error('expected a comparison');
    // 'sgd[lr=0.08].status == ' is 23 characters: the word spans offsets 23..31.
    expect(status.test.right).toEqual({ kind: 'word', value: 'diverged', span: { start: 23, end: 31 } });
    const slope = parseClaim('slope(log final_kernel_rel_change, log model.hidden[0]) in [-0.7, -0.3]');
    expect(slope.left).toMatchObject({
      kind: 'slope',
      y: { log: true, name: { segments: [{ name: 'final_kernel_rel_change' }] } },
      x: { log: true, name: { segments: [{ name: 'model' }, { name: 'hidden' }, { index: 0 }] } },
    });
    expect(slope.test).toMatchObject({ op: 'in', low: { kind: 'negate', operand: { value: 0.7 } }, high: { kind: 'negate', operand: { value: 0.3 } } });
  });

  it('says what it expected and points at the character where the claim goes wrong', () => {
    // 'adam.final_train_loss' is 21 characters, then a space: the comparison is missing at offset 22.
    const missing = syntaxError('adam.final_train_loss 5');
    expect(missing.reason).toBe('expected a comparison (<, >, <=, >=, ==) or "in [low, high]", found "5"');
    expect(missing.span).toEqual({ start: 22, end: 23 });
    expect(syntaxError('adam.x <').reason).toBe('expected a number, a name such as gd.final_train_loss, or slope(y, x), found the end of the claim');
    expect(syntaxError('adam.x < 1 2').span).toEqual({ start: 11, end: 12 });
    expect(syntaxError('adam.x in [1, 2').reason).toContain('"]" closing the range');
    expect(syntaxError('adam[lr 0.1].x < 1').reason).toContain('"=" and a value after lr');
    expect(syntaxError('adam.x < 1 $').reason).toBe('unexpected character "$"');
    expect(syntaxError('adam.x < 1 $').span).toEqual({ start: 11, end: 12 });
  });
});

// A selector's value against a swept value: numbers by value, kinds with parameters by their kind alone.
import { describe, expect, it } from 'vitest';
import { sameValue } from '../../src/claims/resolveClaim.js';

describe('sameValue', () => {
  it('compares numbers by value and labels by text', () => {
    expect(sameValue(0.01, 1e-2)).toBe(true);
    expect(sameValue(0.01, 0.03)).toBe(false);
    expect(sameValue('mlp', 'mlp')).toBe(true);
    expect(sameValue(undefined, 'mlp')).toBe(false);
  });

  it('names a swept kind with parameters by its kind, and by its whole label', () => {
    expect(sameValue('cosine(min_factor=0)', 'cosine')).toBe(true);
    expect(sameValue('cosine(min_factor=0)', 'cosine(min_factor=0)')).toBe(true);
    // Not a prefix of another kind's name: "cos" is no kind.
    expect(sameValue('cosine(min_factor=0)', 'cos')).toBe(false);
    expect(sameValue('constant', 'cosine')).toBe(false);
  });
});

// Dotted field paths and "did you mean" suggestions.
import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from '../../src/config/paths.js';
import { didYouMean } from '../../src/config/suggest.js';

describe('paths', () => {
  it('parses and formats dotted paths with list indexes', () => {
    expect(parsePath('optimizers[1].lr')).toEqual(['optimizers', 1, 'lr']);
    expect(parsePath('train.batch_size')).toEqual(['train', 'batch_size']);
    expect(parsePath('model.hidden[0][2]')).toEqual(['model', 'hidden', 0, 2]);
    expect(formatPath(['optimizers', 1, 'lr'])).toBe('optimizers[1].lr');
    expect(formatPath(['grid', 'train.batch_size', 0])).toBe('grid.train.batch_size[0]');
  });

  it('rejects text that is not a path', () => {
    for (const text of ['', '.a', 'a.', 'a..b', '[0]', 'a[x]', 'a b', 'a[1]b']) expect(parsePath(text)).toBeUndefined();
  });
});

describe('didYouMean', () => {
  it('suggests the closest word only when it is close', () => {
    expect(didYouMean('lrr', ['lr', 'eps'])).toBe('did you mean "lr"?');
    expect(didYouMean('momentun', ['momentum', 'dampening'])).toBe('did you mean "momentum"?');
    expect(didYouMean('LR', ['lr'])).toBe('did you mean "lr"?');
    expect(didYouMean('metrics', ['name', 'seeds', 'data', 'model', 'train', 'optimizers', 'grid', 'zip'])).toBeUndefined();
    expect(didYouMean('ab', ['lr'])).toBeUndefined();
  });
});

// Checks the growing float32 store: values come back in order across block boundaries, rounded to float32.
import { describe, expect, it } from 'vitest';
import { Float32Blocks } from '../../src/data/float32Blocks.js';

/** 0, 0.25, 0.5, ...: quarters are exact in float32 for these magnitudes, so order is all that can differ. */
const quarters = (n: number) => Float32Array.from({ length: n }, (_, i) => i / 4);

describe('Float32Blocks', () => {
  it.each([0, 1, 65_535, 65_536, 65_537, 3 * 65_536 + 5])('returns %i pushed values in order', (n) => {
    const blocks = new Float32Blocks();
    for (let i = 0; i < n; i++) blocks.push(i / 4);
    expect(blocks.length).toBe(n);
    const values = blocks.toArray();
    expect(values.length).toBe(n);
    // Byte-wise equality: toEqual walks 200,000 elements slowly.
    expect(Buffer.from(values.buffer).equals(Buffer.from(quarters(n).buffer))).toBe(true);
  });

  it('rounds each value to float32 as it is stored', () => {
    const blocks = new Float32Blocks();
    blocks.push(0.1);
    blocks.push(16_777_217); // 2^24 + 1: the first integer float32 cannot hold, rounds to 2^24
    expect(Array.from(blocks.toArray())).toEqual([Math.fround(0.1), 16_777_216]);
  });
});

// A float32 array of unknown final length, appended one value at a time, for data read as a stream.

/** 65,536 values (256 KiB) per block: large enough that the block list stays short, small enough to waste little. */
const BLOCK_LENGTH = 1 << 16;

/**
 * Values stored in fixed-size blocks, so growing never copies what is already stored (a doubling
 * array briefly holds 3x its data while it copies); `toArray` copies once into a single array, so the
 * peak is twice the data.
 */
export class Float32Blocks {
  private readonly full: Float32Array[] = [];
  private current = new Float32Array(BLOCK_LENGTH);
  private used = 0;

  get length(): number {
    return this.full.length * BLOCK_LENGTH + this.used;
  }

  push(value: number): void {
    if (this.used === BLOCK_LENGTH) {
      this.full.push(this.current);
      this.current = new Float32Array(BLOCK_LENGTH);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }

  /** All values in order, in one array. */
  toArray(): Float32Array {
    const out = new Float32Array(this.length);
    this.full.forEach((block, b) => out.set(block, b * BLOCK_LENGTH));
    out.set(this.current.subarray(0, this.used), this.full.length * BLOCK_LENGTH);
    return out;
  }
}

// Seeded, platform-independent random numbers (pure-rand's xoroshiro128+), so every run's data,
// initialization and minibatch order depend only on its seeds, never on the backend.
import { xoroshiro128plus, unsafeUniformIntDistribution, type RandomGenerator } from 'pure-rand';

/** A mutable stream of random numbers drawn from one seed. */
export class Rng {
  private readonly gen: RandomGenerator;

  /**
   * @param seed   integer seed (e.g. a run's seed or data.seed)
   * @param stream names an independent stream for the same seed ("init", "batches", ...), so that
   *               adding draws to one use never shifts the numbers another use sees.
   */
  constructor(seed: number, stream = '') {
    this.gen = xoroshiro128plus(mixSeed(seed, stream));
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.gen);
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.int(0, (1 << 26) - 1);
    const lo = this.int(0, (1 << 27) - 1);
    return (hi * 134217728 + lo) / 9007199254740992;
  }

  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` draws from N(0, std^2) as float64. */
  normals(n: number, std = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = std * this.normal();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/** Folds a seed and a stream name into one 32-bit seed (FNV-1a over the stream name, then the seed). */
function mixSeed(seed: number, stream: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= seed | 0;
  h = Math.imul(h, 0x01000193);
  h ^= Math.floor(seed / 4294967296);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) | 0;
}

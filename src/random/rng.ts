import { xoroshiro128plus } from 'pure-rand';
import type { RandomGenerator } from 'pure-rand';

/**
 * The purposes that draw randomness. Each gets its own non-overlapping xoroshiro128+ stream
 * (`jump()` advances 2^64 draws), so that e.g. changing nTest never changes the training data.
 */
export const STREAMS = ['features', 'trainData', 'testData', 'init', 'attackST', 'attackAT', 'evalPgd', 'batches'] as const;
export type StreamName = (typeof STREAMS)[number];

const TWO_POW_32 = 4294967296;

/** A seeded generator of doubles, ints and normals. Mutable: every draw advances it. */
export class Rng {
  private spareNormal: number | null = null;
  constructor(private readonly gen: RandomGenerator) {}

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = (this.gen.unsafeNext() >>> 0) >>> 5; // 27 bits
    const lo = (this.gen.unsafeNext() >>> 0) >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform on [a, b]. */
  uniformIn(a: number, b: number): number {
    return a === b ? a : a + (b - a) * this.uniform();
  }

  /** Uniform integer on {0, …, n−1}, without modulo bias. */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`Rng.int: n must be ≥ 1, got ${n}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.gen.unsafeNext() >>> 0;
      if (x < limit) return x % n;
    }
  }

  /** Standard normal (Marsaglia polar method; caches the second variate). */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** Fill with N(0, std²) draws. */
  fillNormal(out: Float32Array | Float64Array, std = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = std * this.normal();
    return out;
  }

  /** A uniformly random permutation of {0..n−1}, only its first `take` entries drawn (partial Fisher–Yates). */
  partialPermutation(n: number, take: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = 0; i < take; i++) {
      const j = i + this.int(n - i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a.subarray(0, take);
  }
}

/** The seeded streams of one run. */
export type Streams = Record<StreamName, Rng>;

/** Independent streams for a seed: stream i is the seed's generator jumped i+1 times. */
export function createStreams(seed: number): Streams {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  // Fold the seed into 32 bits without losing the high part, so seeds ≥ 2^32 stay distinct-ish.
  const folded = (seed ^ Math.floor(seed / TWO_POW_32)) | 0;
  let g = xoroshiro128plus(folded);
  const out = {} as Streams;
  for (const name of STREAMS) {
    g = g.jump!();
    out[name] = new Rng(g.clone());
  }
  return out;
}

/** A single named stream, for callers that need only one. */
export function stream(seed: number, name: StreamName): Rng {
  return createStreams(seed)[name];
}

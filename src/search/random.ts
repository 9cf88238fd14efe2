/**
 * Deterministic randomness of a search, derived from its one seed: the i-th random regime (and its
 * experiment seed) is a pure function of `(seed, i)`, so a resumed search draws exactly the regimes
 * an uninterrupted one would have, and skips those already run without replaying the generator.
 */
import fc from 'fast-check';
import prand from 'pure-rand';
import { MAX_SEED } from '../regime/schema.js';
import type { SeededRegime } from '../regime/types.js';
import type { SearchSpace } from './space.js';

/** Stream labels, so that independent uses of one seed never share a generator. */
export const STREAM = Object.freeze({ regime: 0x72656769, climb: 0x636c696d, confirm: 0x636f6e66 });

/** A 32-bit mix of two integers (murmur3's finaliser over a combination): well spread, deterministic. */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ (b | 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A fast-check random generator for `(seed, stream, index)`. */
export function randomFor(seed: number, stream: number, index: number): fc.Random {
  return new fc.Random(prand.xoroshiro128plus(mixSeed(mixSeed(seed, stream), index)));
}

const experimentSeed = fc.integer({ min: 0, max: MAX_SEED });

/**
 * The `index`-th regime of the random phase: drawn by the space's arbitrary (unbiased, so every
 * part of the space is as likely as any other) with an experiment seed drawn alongside.
 */
export function randomRegime(space: SearchSpace, seed: number, index: number): SeededRegime {
  const rng = randomFor(seed, STREAM.regime, index);
  const regime = space.arbitrary.generate(rng, undefined).value;
  return { ...regime, seed: experimentSeed.generate(rng, undefined).value };
}

/** The `index`-th experiment seed on which the minimal counterexample is replayed. */
export function confirmSeed(seed: number, index: number): number {
  return experimentSeed.generate(randomFor(seed, STREAM.confirm, index), undefined).value;
}

/** The elements of `xs` in a random order drawn from `rng` (Fisher–Yates). */
export function shuffled<T>(xs: readonly T[], rng: fc.Random): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

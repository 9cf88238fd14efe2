/**
 * Shared helpers for engine properties: a backend chosen once, small random network problems drawn
 * from our seeded streams, and array comparisons with the offending values in the message.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { relativeError as sharedRelativeError } from '../../src/util/arrays.js';
import { initBackend } from '../../src/backend/select.js';
import { Rng, createStreams } from '../../src/random/rng.js';
import type { SeededRegime } from '../../src/regime/types.js';
import type { Reference64Input } from '../../src/model/reference64.js';

export async function backendForTests() {
  return initBackend(undefined);
}

/** A small network problem: the float64 reference's input, held in float32 as the engine sees it. */
export type SmallProblem = Reference64Input & { X: Float32Array; W: Float32Array; y: Int32Array };

/** Shapes and a seed for a small network problem. */
export const smallProblemArb = fc.record({
  n: fc.integer({ min: 1, max: 5 }),
  P: fc.integer({ min: 1, max: 4 }),
  d: fc.integer({ min: 2, max: 8 }),
  k: fc.integer({ min: 2, max: 3 }),
  m: fc.integer({ min: 1, max: 3 }),
  q: fc.constantFrom(2, 3, 4),
  rho: fc.double({ min: 0.05, max: 1, noNaN: true }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  scale: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
});

export function makeSmallProblem(p: {
  n: number;
  P: number;
  d: number;
  k: number;
  m: number;
  q: number;
  rho: number;
  seed: number;
  scale: number;
}): SmallProblem {
  const rng: Rng = createStreams(p.seed).init;
  const X = rng.fillNormal(new Float32Array(p.n * p.P * p.d), p.scale) as Float32Array;
  const W = rng.fillNormal(new Float32Array(p.k * p.m * p.d), p.scale / Math.sqrt(p.d)) as Float32Array;
  const y = new Int32Array(p.n);
  for (let i = 0; i < p.n; i++) y[i] = rng.int(p.k);
  return { n: p.n, P: p.P, d: p.d, k: p.k, m: p.m, q: p.q, rho: p.rho, X, W, y };
}

/** ‖a − b‖ / max(‖b‖, floor): relative error of a whole array (floor 1e-12 unless given). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  return sharedRelativeError(a, b, floor);
}

/** A tiny regime that trains in well under a second per 10 steps. */
export function tinyRegime(over: Partial<SeededRegime> = {}): SeededRegime {
  const base: SeededRegime = {
    k: 2,
    d: 16,
    P: 6,
    sR: 1,
    sNR: 4,
    alphaMin: 1,
    alphaMax: 1,
    betaMin: 0.4,
    betaMax: 0.4,
    sigmaN: 0.1,
    noise: 'orthogonal',
    featureBasis: 'random',
    nTrain: 20,
    nTest: 20,
    m: 3,
    q: 3,
    rho: 0.1,
    sigma0: 0.01,
    eta: 0.1,
    T: 10,
    batchSize: null,
    logEvery: 5,
    norm: 'patch-l2',
    eps: 0.4,
    K: 1,
    stepSize: 0.4,
    randomStart: false,
    evalSteps: 3,
    evalStepSize: 0.1,
    seed: 7,
  };
  return { ...base, ...over };
}

export function numTensors(): number {
  return tf.memory().numTensors;
}

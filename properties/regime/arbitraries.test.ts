/**
 * Regime arbitraries (src/regime/arbitraries.ts). Guarantees: every regime `inAssumptionRegime`
 * generates satisfies A1–A8 and passes scenario validation, and so does every candidate fast-check
 * tries while shrinking one (the shrinker is driven by deliberately failing properties and every
 * value it proposes is checked); `reversedA1Regime` gives valid dense-robust regimes (A1 reversed,
 * A2–A8 held), shrinks included; `anyRegime` gives valid regimes that do leave the assumptions;
 * the generators cover their ranges, honour their options, are reproducible from a seed, and reject
 * impossible options eagerly with an error naming the option.
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { anyRegime, DEFAULT_REGIME_RANGES, inAssumptionRegime, reversedA1Regime, scenarioObjectOf } from '../../src/regime/arbitraries.js';
import { checkA1Reversed, checkAssumptions } from '../../src/regime/assumptions.js';
import { checkScenario } from '../../src/regime/load.js';
import type { Regime } from '../../src/regime/types.js';

/** Why a regime is not valid (schema) or, when `inside`, not inside A1–A8; [] when fine. */
function problems(r: Regime, want: 'A1-A8' | 'reversed' | 'valid'): string[] {
  const out = checkScenario(scenarioObjectOf(r)).issues.map((i) => i.message);
  const failed = checkAssumptions(r).filter((a) => !a.holds);
  if (want === 'A1-A8') out.push(...failed.map((a) => a.detail));
  if (want === 'reversed') {
    out.push(...failed.filter((a) => a.id !== 'A1').map((a) => a.detail));
    const rev = checkA1Reversed(r);
    if (!rev.holds) out.push(rev.detail);
  }
  return out;
}

/**
 * Runs failing properties over `arb` so that fast-check shrinks, and returns every value the shrinker
 * proposed (and the number of successful shrink steps). Different predicates steer the shrinker
 * through different genes.
 */
function shrinkCandidates(arb: fc.Arbitrary<Regime>, predicates: ((r: Regime) => boolean)[]): { values: Regime[]; shrinks: number } {
  const values: Regime[] = [];
  let shrinks = 0;
  predicates.forEach((pred, i) => {
    const result = fc.check(
      fc.property(arb, (r) => {
        values.push(r);
        return pred(r);
      }),
      { seed: 1000 + i, numRuns: 100 },
    );
    if (result.failed) shrinks += result.numShrinks;
  });
  return { values, shrinks };
}

const steering: ((r: Regime) => boolean)[] = [
  () => false, // shrink everything as far as it goes
  (r) => r.T < 300 || r.d < 48,
  (r) => r.sNR < 20 || r.eta < 0.1,
  (r) => r.k === 2 || r.m < 5,
  (r) => r.eps < 0.3 || r.sigma0 < 0.01,
  (r) => r.P < 40 || r.nTrain < 60 || r.q < 2.5,
];

describe('inAssumptionRegime', () => {
  fcTest.prop([inAssumptionRegime()], { numRuns: 300 })('generates valid regimes inside A1–A8', (r) => {
    expect(problems(r, 'A1-A8')).toEqual([]);
  });

  test('every shrink candidate is valid and inside A1–A8', () => {
    const { values, shrinks } = shrinkCandidates(inAssumptionRegime(), steering);
    expect(shrinks).toBeGreaterThan(20); // the shrinker really ran
    for (const r of values) expect(problems(r, 'A1-A8'), JSON.stringify(r)).toEqual([]);
  });

  test('covers the ranges of its parameters', () => {
    const xs = fc.sample(inAssumptionRegime(), { numRuns: 400, seed: 11 });
    const span = (f: (r: Regime) => number) => [Math.min(...xs.map(f)), Math.max(...xs.map(f))];
    expect(new Set(xs.map((r) => r.k))).toEqual(new Set([2, 3]));
    expect(new Set(xs.map((r) => r.sR))).toEqual(new Set([1, 2]));
    expect(new Set(xs.map((r) => r.noise))).toEqual(new Set(['orthogonal', 'isotropic']));
    expect(new Set(xs.map((r) => r.featureBasis))).toEqual(new Set(['random', 'standard']));
    const [dLo, dHi] = span((r) => r.d);
    expect(dLo).toBeLessThanOrEqual(36);
    expect(dHi).toBeGreaterThanOrEqual(90);
    const [qLo, qHi] = span((r) => r.q);
    expect(qLo).toBeLessThan(2.2);
    expect(qHi).toBeGreaterThan(2.8);
    const [etaLo, etaHi] = span((r) => r.eta);
    expect(etaLo).toBeLessThan(0.012);
    expect(etaHi).toBeGreaterThan(0.028);
    const [sLo, sHi] = span((r) => r.sNR / r.P);
    expect(sHi - sLo).toBeGreaterThan(0.3); // sNR is not pinned to A1's minimum
    expect(span((r) => r.m)[1]).toBe(DEFAULT_REGIME_RANGES.m[1]);
  });

  test('options set the ranges', () => {
    const xs = fc.sample(
      inAssumptionRegime({ k: [3, 3], d: [64, 64], T: [600, 600], nTrain: [100, 100], noise: ['orthogonal'], m: [5, 5] }),
      { numRuns: 50, seed: 3 },
    );
    for (const r of xs) {
      expect([r.k, r.d, r.T, r.nTrain, r.noise, r.m]).toEqual([3, 64, 600, 100, 'orthogonal', 5]);
      expect(problems(r, 'A1-A8')).toEqual([]);
    }
  });

  test('the same seed gives the same regimes', () => {
    const a = fc.sample(inAssumptionRegime(), { numRuns: 5, seed: 42 });
    const b = fc.sample(inAssumptionRegime(), { numRuns: 5, seed: 42 });
    expect(a).toEqual(b);
  });

  test('impossible options are refused at construction, naming the option and the fix', () => {
    const cases: [Parameters<typeof inAssumptionRegime>[0], RegExp][] = [
      [{ P: [10, 20] }, /options\.P .*raise P\[1\]/],
      [{ alphaFactor: [1.5, 2] }, /options\.alphaFactor .*below 2/],
      [{ betaFactor: [0.5, 1.2] }, /options\.betaFactor .*above 1/],
      [{ epsRatio: [0.05, 1] }, /options\.epsRatio/],
      [{ m: [20, 30], d: [32, 40] }, /options\.m .*ln\(d\)²/],
      [{ eta: [0.1, 0.5] }, /options\.eta/],
      [{ k: [2, 30], d: [32, 64] }, /options\.d .*A6/],
      [{ T: [10, 5] }, /options\.T .*lo ≤ hi/],
      [{ noise: [] }, /options\.noise is empty/],
    ];
    for (const [opts, re] of cases) expect(() => inAssumptionRegime(opts), JSON.stringify(opts)).toThrow(re);
  });
});

describe('reversedA1Regime', () => {
  fcTest.prop([reversedA1Regime()], { numRuns: 200 })('generates valid dense-robust regimes', (r) => {
    expect(problems(r, 'reversed')).toEqual([]);
    expect(checkAssumptions(r).find((a) => a.id === 'A1')!.holds).toBe(false);
    expect(r.sR).toBeGreaterThanOrEqual(r.sNR);
  });
  test('every shrink candidate is valid, A1 reversed and A2–A8 held', () => {
    const { values, shrinks } = shrinkCandidates(reversedA1Regime(), steering);
    expect(shrinks).toBeGreaterThan(20);
    for (const r of values) expect(problems(r, 'reversed'), JSON.stringify(r)).toEqual([]);
  });
});

describe('anyRegime', () => {
  fcTest.prop([anyRegime()], { numRuns: 300 })('generates regimes that pass validation', (r) => {
    expect(problems(r, 'valid')).toEqual([]);
  });
  test('every shrink candidate is valid', () => {
    const { values, shrinks } = shrinkCandidates(anyRegime(), steering);
    expect(shrinks).toBeGreaterThan(20);
    for (const r of values) expect(problems(r, 'valid'), JSON.stringify(r)).toEqual([]);
  });
  test('is not confined to the assumptions: each of A1–A8 fails somewhere', () => {
    const xs = fc.sample(anyRegime(), { numRuns: 2000, seed: 5 });
    const results = xs.map(checkAssumptions);
    for (let i = 0; i < 8; i++)
      expect(
        results.some((rs) => !rs[i]!.holds),
        `A${i + 1} never fails`,
      ).toBe(true);
    const norms = new Set(xs.map((r) => r.norm));
    expect(norms).toEqual(new Set(['patch-l2', 'l2', 'linf']));
    expect(xs.some((r) => r.batchSize !== null) && xs.some((r) => r.batchSize === null)).toBe(true);
  });
});

/**
 * Assumption checks A1–A8 and the injection condition I1 (src/regime/assumptions.ts). Guarantees: on
 * regimes from every arbitrary (unconstrained, in-assumption, dense-robust) and on regimes pushed onto
 * and just past each boundary, every check's `holds` equals its docs/model.md#assumptions definition recomputed here
 * independently (E[x^q] by numerical integration, σ̃ written out again), `value` equals the documented
 * ratio, and `holds` agrees with `value` against `threshold` in the documented direction; the
 * thresholds are the named constants; `uniformMoment` is exact where the textbook formula cancels;
 * paper-small satisfies A1–A8 with the values of docs/model.md#reference-regime; and I1 is a pure, documented heuristic.
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { anyRegime, inAssumptionRegime, reversedA1Regime } from '../../src/regime/arbitraries.js';
import { ASSUMPTION_IDS, checkA1Reversed, checkAssumptions, injectionCondition, uniformMoment } from '../../src/regime/assumptions.js';
import { parseScenario } from '../../src/regime/load.js';
import * as TH from '../../src/regime/thresholds.js';
import type { Regime } from '../../src/regime/types.js';

/** E[x^q], x ~ U[a, b], by composite Simpson's rule: independent of the closed form under test. */
function momentBySimpson(a: number, b: number, q: number): number {
  if (a === b) return Math.pow(a, q);
  const n = 2000;
  const h = (b - a) / n;
  let s = Math.pow(a, q) + Math.pow(b, q);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.pow(a + i * h, q);
  return (s * h) / 3 / (b - a);
}

/** σ̃ of docs/model.md#network, written out again. */
function sigmaTilde(z: number, q: number, rho: number): number {
  if (z <= 0) return 0;
  return z <= rho ? z ** q / (q * rho ** (q - 1)) : z - (1 - 1 / q) * rho;
}

const close = (x: number, y: number, rel = 1e-9) =>
  x === y || (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= rel * Math.max(Math.abs(x), Math.abs(y)));

/** [holds, lhs, rhs] of each definition, for the comparisons `lhs ≤ rhs` (or a boolean). */
function definitions(r: Regime): Record<string, { holds: boolean; margin: number }> {
  const ea = momentBySimpson(r.alphaMin, r.alphaMax, r.q);
  const eb = momentBySimpson(r.betaMin, r.betaMax, r.q);
  const rel = (lhs: number, rhs: number) => (rhs - lhs) / Math.max(Math.abs(lhs), Math.abs(rhs), 1e-300);
  const ratio4 = r.eps / (r.sigmaN * Math.sqrt(r.d));
  const lnd2 = Math.log(r.d) ** 2;
  return {
    A0: { holds: r.sR >= 1 && r.sNR >= 1, margin: Math.min(r.sR, r.sNR) - 0.5 },
    A1: { holds: r.sR * ea <= 0.5 * r.sNR * eb, margin: rel(r.sR * ea, 0.5 * r.sNR * eb) },
    A2: { holds: r.betaMax <= r.eps, margin: rel(r.betaMax, r.eps) },
    A3: { holds: r.alphaMin >= 2 * r.eps, margin: rel(2 * r.eps, r.alphaMin) },
    A4: { holds: ratio4 >= 0.1 && ratio4 <= 10, margin: Math.min(rel(0.1, ratio4), rel(ratio4, 10)) },
    A5: { holds: r.sigma0 <= 0.1 * Math.min(r.alphaMin, r.betaMin), margin: rel(r.sigma0, 0.1 * Math.min(r.alphaMin, r.betaMin)) },
    A6: { holds: r.m >= 1 && r.m <= lnd2 && r.d >= 4 * r.k, margin: Math.min(rel(1, r.m), rel(r.m, lnd2), rel(4 * r.k, r.d)) },
    A7: { holds: r.K === 1 && Math.abs(r.stepSize - r.eps) <= 1e-9 * r.eps && !r.randomStart && r.norm === 'patch-l2', margin: Infinity },
    A8: { holds: r.eta <= 0.03, margin: rel(r.eta, 0.03) },
  };
}

type Edge = 'A2' | 'A3' | 'A4lo' | 'A4hi' | 'A5' | 'A6m' | 'A6d' | 'A7' | 'A8';
/** The assumption each edge belongs to. */
const EDGE_OF: Record<Edge, string> = { A2: 'A2', A3: 'A3', A4lo: 'A4', A4hi: 'A4', A5: 'A5', A6m: 'A6', A6d: 'A6', A7: 'A7', A8: 'A8' };

/**
 * An in-assumption regime pushed exactly onto (past = false) or a hair past (past = true) some of the
 * boundaries of A2–A8. Edits are applied in dependency order (eps first, then what depends on it).
 */
const boundaryCase = fc
  .tuple(inAssumptionRegime(), fc.subarray<Edge>(['A6d', 'A6m', 'A4lo', 'A4hi', 'A2', 'A3', 'A5', 'A7', 'A8']), fc.boolean())
  .filter(([, which]) => !(which.includes('A4lo') && which.includes('A4hi')))
  .map(([r0, which, past]) => {
    const r = { ...r0 };
    const f = past ? 1 + 1e-6 : 1;
    if (which.includes('A6d')) {
      r.d = 4 * r.k - (past ? 1 : 0);
      r.m = Math.min(r.m, Math.floor(Math.log(r.d) ** 2));
    }
    if (which.includes('A6m')) r.m = Math.floor(Math.log(r.d) ** 2) + (past ? 1 : 0);
    const scale = r.sigmaN * Math.sqrt(r.d);
    // Exactly on A4's bounds, eps/(sigmaN·√d) may round either way: "on" is a hair inside instead.
    if (which.includes('A4lo')) r.eps = past ? (0.1 * scale) / f : 0.1 * scale * (1 + 1e-12);
    if (which.includes('A4hi')) r.eps = past ? 10 * scale * f : (10 * scale) / (1 + 1e-12);
    r.stepSize = r.eps;
    if (which.includes('A2')) r.betaMax = r.eps * f;
    r.betaMin = Math.min(r.betaMin, r.betaMax);
    if (which.includes('A3')) r.alphaMin = (2 * r.eps) / f;
    r.alphaMax = Math.max(r.alphaMax, r.alphaMin);
    if (which.includes('A5')) r.sigma0 = 0.1 * Math.min(r.alphaMin, r.betaMin) * f;
    if (which.includes('A7')) r.stepSize = r.eps * (past ? 1 + 1e-6 : 1 + 1e-12);
    if (which.includes('A8')) r.eta = 0.03 * f;
    return { r, which, past };
  });
const boundaryRegime: fc.Arbitrary<Regime> = boundaryCase.map((c) => c.r);

const anyKind = fc.oneof(anyRegime(), inAssumptionRegime(), reversedA1Regime(), boundaryRegime);

describe('A0–A8 agree with their definitions (property)', () => {
  fcTest.prop([anyKind], { numRuns: 400 })('holds equals the definition; value and threshold restate it', (r) => {
    const results = checkAssumptions(r);
    expect(results.map((a) => a.id)).toEqual([...ASSUMPTION_IDS]);
    const defs = definitions(r);
    for (const a of results) {
      const def = defs[a.id]!;
      // Simpson's rule is accurate to ~1e-12 here; on a knife edge only the closed form can decide.
      if (!(Math.abs(def.margin) <= 1e-9)) expect(a.holds, `${a.id}: ${a.detail}`).toBe(def.holds);
      expect(a.detail.length).toBeGreaterThan(0);
      // value against threshold, in the documented direction (equal on a boundary counts as holding).
      if (a.id === 'A0' || a.id === 'A3') {
        if (Number.isFinite(a.value) && Math.abs(a.value - a.threshold) > 1e-9 * a.threshold) expect(a.holds).toBe(a.value >= a.threshold);
      } else if (a.id === 'A4') {
        if (Number.isFinite(a.value) && Math.abs(def.margin) > 1e-9) expect(a.holds).toBe(a.value >= TH.A4_MIN && a.value <= TH.A4_MAX);
        expect([TH.A4_MIN, TH.A4_MAX]).toContain(a.threshold);
      } else if (Math.abs(def.margin) > 1e-9 && Math.abs(a.value - a.threshold) > 1e-9 * Math.max(a.threshold, 1)) {
        expect(a.holds, `${a.id}: ${a.detail}`).toBe(a.value <= a.threshold);
      }
    }
    // The values are the documented ratios.
    const [a0, a1, a2, a3, a4, a5, a6, a7, a8] = results as [(typeof results)[0], ...typeof results];
    expect(a0!.value).toBe(Math.min(r.sR, r.sNR));
    const ea = momentBySimpson(r.alphaMin, r.alphaMax, r.q);
    const eb = momentBySimpson(r.betaMin, r.betaMax, r.q);
    if (r.sR > 0 && r.sNR > 0) expect(close(a1!.value, (r.sR * ea) / (r.sNR * eb), 1e-9)).toBe(true);
    if (r.sR > 0 && r.sNR === 0) expect(a1!.value).toBe(Infinity);
    if (r.sR === 0) expect(a1!.value).toBe(0);
    if (r.eps > 0) {
      expect(close(a2!.value, r.betaMax / r.eps)).toBe(true);
      expect(close(a3!.value, r.alphaMin / r.eps)).toBe(true);
    }
    if (r.sigmaN > 0) expect(close(a4!.value, r.eps / (r.sigmaN * Math.sqrt(r.d)))).toBe(true);
    expect(close(a5!.value, r.sigma0 / Math.min(r.alphaMin, r.betaMin))).toBe(true);
    expect(a6!.value).toBeCloseTo(Math.max(1 / r.m, r.m / Math.log(r.d) ** 2, (4 * r.k) / r.d), 12);
    const deviations =
      Number(r.K !== 1) + Number(Math.abs(r.stepSize - r.eps) > 1e-9 * r.eps) + Number(r.randomStart) + Number(r.norm !== 'patch-l2');
    expect(a7!.value).toBe(deviations);
    expect(a7!.threshold).toBe(0);
    expect(a8!.value).toBe(r.eta);
  });

  fcTest.prop([boundaryCase], { numRuns: 300 })('exactly on a boundary holds; a hair past it fails', ({ r, which, past }) => {
    const byId = Object.fromEntries(checkAssumptions(r).map((a) => [a.id, a]));
    for (const edge of which)
      expect(byId[EDGE_OF[edge]]!.holds, `${edge} ${past ? 'past' : 'on'}: ${byId[EDGE_OF[edge]]!.detail}`).toBe(!past);
  });
});

describe('named thresholds', () => {
  test('the constants are docs/model.md#assumptions', () => {
    expect(TH.A0_MIN_PATCHES).toBe(1);
    expect([TH.A1_RATIO, TH.A1_TAU, TH.A2_FACTOR, TH.A3_FACTOR, TH.A4_MIN, TH.A4_MAX, TH.A5_FACTOR]).toEqual([
      0.5,
      'q',
      1,
      2,
      0.1,
      10,
      0.1,
    ]);
    expect([TH.A6_M_MIN, TH.A6_LOG_POWER, TH.A6_D_PER_K, TH.A8_ETA_MAX, TH.I1_THRESHOLD]).toEqual([1, 2, 4, 0.03, 1]);
    expect(TH.A7_PAPER_ALGORITHM).toEqual({ K: 1, stepSizeEqualsEps: true, randomStart: false, norm: 'patch-l2' });
  });
  test('each result reports its named threshold', () => {
    const r = parseScenario({
      name: 'x',
      description: '',
      k: 3,
      d: 64,
      P: 48,
      sR: 1,
      sNR: 40,
      alphaMin: 1,
      alphaMax: 1,
      betaMin: 0.4,
      betaMax: 0.4,
      sigmaN: 0.056,
    }).regime;
    const t = Object.fromEntries(checkAssumptions(r).map((a) => [a.id, a.threshold]));
    expect(t).toEqual({
      A0: TH.A0_MIN_PATCHES,
      A1: TH.A1_RATIO,
      A2: TH.A2_FACTOR,
      A3: TH.A3_FACTOR,
      A4: TH.A4_MIN,
      A5: TH.A5_FACTOR,
      A6: 1,
      A7: 0,
      A8: TH.A8_ETA_MAX,
    });
  });
});

describe('uniformMoment', () => {
  fcTest.prop(
    [fc.double({ min: 0.01, max: 5, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 2, max: 6, noNaN: true })],
    { numRuns: 200 },
  )('equals E[x^q] by integration, for any order of the bounds', (a, w, q) => {
    const b = a + w;
    const want = momentBySimpson(a, b, q);
    expect(close(uniformMoment(a, b, q), want, 1e-9)).toBe(true);
    expect(uniformMoment(b, a, q)).toBe(uniformMoment(a, b, q));
  });
  test('a degenerate range gives a^q, and a nearly degenerate one does not cancel', () => {
    expect(uniformMoment(0.4, 0.4, 3)).toBe(0.4 ** 3);
    expect(close(uniformMoment(0.4, 0.4 + 1e-12, 3), 0.4 ** 3, 1e-10)).toBe(true);
    const textbook = ((0.4 + 1e-12) ** 4 - 0.4 ** 4) / (4 * 1e-12);
    expect(close(textbook, 0.4 ** 3, 1e-6)).toBe(false); // the cancellation the stable form avoids
    expect(uniformMoment(0, 2, 3)).toBeCloseTo(2 ** 3 / 4, 14);
  });
});

describe('paper-small (docs/model.md#reference-regime)', () => {
  const paper = parseScenario({
    name: 'paper-small',
    description: '',
    k: 3,
    d: 64,
    P: 48,
    sR: 1,
    sNR: 40,
    alphaMin: 1,
    alphaMax: 1,
    betaMin: 0.4,
    betaMax: 0.4,
    sigmaN: 0.056,
    eps: 0.45,
    m: 5,
    stepSize: 'eps',
  }).regime;
  test('satisfies A1–A7 with the expected values, and fails A8 (eta = 0.1 > 0.03)', () => {
    const v = Object.fromEntries(checkAssumptions(paper).map((a) => [a.id, a]));
    expect(
      Object.values(v)
        .filter((a) => !a.holds)
        .map((a) => a.id),
    ).toEqual(['A8']);
    expect(v.A8!.value).toBe(0.1);
    expect(v.A1!.value).toBeCloseTo(1 / (40 * 0.4 ** 3), 12);
    expect(v.A2!.value).toBeCloseTo(0.4 / 0.45, 12);
    expect(v.A3!.value).toBeCloseTo(1 / 0.45, 12);
    expect(v.A4!.value).toBeCloseTo(0.45 / (0.056 * 8), 12);
  });
  test('dense-robust reverses A1 and keeps A2–A7; pgd-at breaks A7 (both, like paper-small, fail A8)', () => {
    const dense = { ...paper, sR: 20, sNR: 5 };
    expect(
      checkAssumptions(dense)
        .filter((a) => !a.holds)
        .map((a) => a.id),
    ).toEqual(['A1', 'A8']);
    expect(checkA1Reversed(dense).holds).toBe(true);
    expect(checkA1Reversed(paper).holds).toBe(false);
    const pgd = { ...paper, K: 3, stepSize: paper.eps / 2 };
    const a7 = checkAssumptions(pgd).filter((a) => !a.holds && a.id !== 'A8');
    expect(a7.map((a) => a.id)).toEqual(['A7']);
    expect(a7[0]!.value).toBe(2);
  });
});

describe('injection condition I1', () => {
  fcTest.prop([fc.oneof(anyRegime(), inAssumptionRegime(), reversedA1Regime()), fc.double({ min: 0, max: 3, noNaN: true })], {
    numRuns: 300,
  })('holds iff P·σ̃(eps·Λ) > sR·σ̃((ᾱ − eps)·Λ)', (r, lambda) => {
    const lhs = r.P * sigmaTilde(r.eps * lambda, r.q, r.rho);
    const rhs = r.sR * sigmaTilde(((r.alphaMin + r.alphaMax) / 2 - r.eps) * lambda, r.q, r.rho);
    const i1 = injectionCondition(r, lambda);
    expect(i1.id).toBe('I1');
    expect(i1.threshold).toBe(1);
    expect(i1.detail).toContain('rough heuristic');
    if (!close(lhs, rhs, 1e-12)) expect(i1.holds).toBe(lhs > rhs);
    if (lhs === 0) expect(i1.value).toBe(0);
    else if (rhs === 0) expect(i1.value).toBe(Infinity);
    else expect(close(i1.value, lhs / rhs, 1e-12)).toBe(true);
  });
  test('edge cases: no feature learnt, non-finite Λ', () => {
    const r = fc.sample(inAssumptionRegime(), { numRuns: 1, seed: 1 })[0]!;
    expect(injectionCondition(r, 0)).toMatchObject({ holds: false, value: 0 });
    expect(injectionCondition(r, NaN)).toMatchObject({ holds: false });
    expect(Number.isNaN(injectionCondition(r, Infinity).value)).toBe(true);
  });
});

/**
 * Guarantees of the exact binomial bound (src/stats/clopperPearson.ts) and the special functions
 * under it (src/stats/incompleteBeta.ts). The reference here is independent of that code: binomial
 * tails summed term by term (log-binomial coefficients from sums of logs, no log Γ), and bounds found
 * by bisection on that sum. Checked: the bound is where P(X ≥ x | n, p) = α to 1e-9 and agrees with
 * the reference bisection to 1e-9 for n ≤ 300; the quoted values (8/8 → 0.6877, 30/30 → 0.9050,
 * 7/8 → 0.5293, 27/30 → 0.7614, 5/10 → 0.2224, …); it lies in [0, x/n], grows with x, falls with n
 * and with the confidence; 0 successes give 0. log Γ matches factorials and half-integer values to
 * 1e-13; I_x(a, b) matches its closed forms, its symmetry and the binomial sums.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { binomialUpperTail, clopperPearsonLower } from '../../src/stats/clopperPearson.js';
import { logGamma, regularizedIncompleteBeta } from '../../src/stats/incompleteBeta.js';

/** ln C(n, i) from sums of logs. */
function logChoose(n: number, i: number): number {
  let s = 0;
  for (let j = 1; j <= i; j++) s += Math.log(n - i + j) - Math.log(j);
  return s;
}

/** P(X ≥ x), X ~ Binomial(n, p), summed term by term. */
function referenceTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let s = 0;
  for (let i = x; i <= n; i++) s += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  return s;
}

/** The p with referenceTail = α, by 100 bisection steps. */
function referenceLower(x: number, n: number, alpha: number): number {
  if (x === 0) return 0;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (referenceTail(x, n, mid) < alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const xn = fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('clopperPearsonLower', () => {
  it.each([
    [8, 8, 0.6876560219],
    [30, 30, 0.9049661471],
    [7, 8, 0.5293205914],
    [6, 8, 0.4003106108],
    [28, 30, 0.8046739563],
    [27, 30, 0.7614021427],
    [5, 10, 0.222441101],
    [3, 3, 0.3684031499],
  ])('x=%i n=%i → %f (reference bisection agrees)', (x, n, value) => {
    const bound = clopperPearsonLower(x, n);
    expect(bound).toBeCloseTo(value, 9);
    expect(Math.abs(bound - referenceLower(x, n, 0.05))).toBeLessThan(1e-9);
  });

  test('all successes: exactly α^(1/n), α = 1 − confidence in float64', () => {
    for (const n of [1, 2, 8, 30, 1000]) expect(clopperPearsonLower(n, n)).toBe(Math.pow(1 - 0.95, 1 / n));
    expect(clopperPearsonLower(8, 8)).toBeCloseTo(0.6877, 4);
    expect(clopperPearsonLower(30, 30)).toBeCloseTo(0.905, 4);
  });

  test('0 successes or 0 trials: 0', () => {
    expect(clopperPearsonLower(0, 0)).toBe(0);
    expect(clopperPearsonLower(0, 30)).toBe(0);
  });

  test('the two-sided 95 % bound is the one-sided 97.5 % one (7/8 → 0.4735)', () => {
    // Documented because the one-sided 95 % bound (0.5293) is what docs/claims.md#statistical-rule specifies.
    expect(clopperPearsonLower(7, 8, 0.975)).toBeCloseTo(0.4734903, 6);
  });

  test.prop([xn])('P(X ≥ x | n, bound) = α to 1e-9, by the independent tail sum', ([x, n]) => {
    fc.pre(x > 0);
    const bound = clopperPearsonLower(x, n);
    expect(Math.abs(referenceTail(x, n, bound) - 0.05)).toBeLessThan(1e-9);
  });

  test.prop([xn, fc.constantFrom(0.8, 0.9, 0.95, 0.99)])('agrees with the reference bisection to 1e-9', ([x, n], conf) => {
    expect(Math.abs(clopperPearsonLower(x, n, conf) - referenceLower(x, n, 1 - conf))).toBeLessThan(1e-9);
  });

  test.prop([xn])('in [0, x/n]; strictly increasing in x; decreasing in n', ([x, n]) => {
    const b = clopperPearsonLower(x, n);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThanOrEqual(x / n);
    if (x > 0) expect(b).toBeGreaterThan(0);
    if (x < n) expect(clopperPearsonLower(x + 1, n)).toBeGreaterThan(b);
    if (x > 0) expect(clopperPearsonLower(x, n + 1)).toBeLessThan(b);
  });

  test.prop([xn])('a higher confidence gives a lower bound', ([x, n]) => {
    fc.pre(x > 0);
    expect(clopperPearsonLower(x, n, 0.99)).toBeLessThan(clopperPearsonLower(x, n, 0.95));
  });

  test('rejects bad arguments with the API path', () => {
    expect(() => clopperPearsonLower(9, 8)).toThrow(/clopperPearsonLower: successes must be an integer in \[0, trials\]/);
    expect(() => clopperPearsonLower(1.5, 8)).toThrow(/successes/);
    expect(() => clopperPearsonLower(1, -1)).toThrow(/trials must be an integer/);
    expect(() => clopperPearsonLower(1, 8, 1)).toThrow(/confidence must be in \(0, 1\)/);
    expect(() => clopperPearsonLower(1, 8, 95)).toThrow(/confidence/);
  });
});

describe('binomialUpperTail and regularizedIncompleteBeta', () => {
  test.prop([xn, fc.double({ min: 0, max: 1, noNaN: true })])('I_p(x, n−x+1) = P(X ≥ x) to 1e-12', ([x, n], p) => {
    expect(Math.abs(binomialUpperTail(x, n, p) - referenceTail(x, n, p))).toBeLessThan(1e-12);
  });

  test.prop([
    fc.double({ min: 0.01, max: 200, noNaN: true }),
    fc.double({ min: 0.01, max: 200, noNaN: true }),
    // Dyadic x, so that 1 − x is exact and the identity is not blurred by rounding of its argument.
    fc.integer({ min: 0, max: 2 ** 20 }).map((i) => i / 2 ** 20),
  ])('symmetry I_x(a, b) = 1 − I_{1−x}(b, a); in [0, 1]', (a, b, x) => {
    const v = regularizedIncompleteBeta(x, a, b);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1 + 1e-15);
    expect(Math.abs(v - (1 - regularizedIncompleteBeta(1 - x, b, a)))).toBeLessThan(1e-12);
  });

  test.prop([fc.double({ min: 0.05, max: 50, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 − (1−x)^b',
    (a, x) => {
      expect(Math.abs(regularizedIncompleteBeta(x, a, 1) - Math.pow(x, a))).toBeLessThan(1e-12);
      expect(Math.abs(regularizedIncompleteBeta(x, 1, a) - (1 - Math.pow(1 - x, a)))).toBeLessThan(1e-12);
    },
  );

  test('I_x(1/2, 1/2) = (2/π)·asin(√x)', () => {
    for (const x of [0.001, 0.1, 0.3, 0.5, 0.77, 0.999]) {
      expect(regularizedIncompleteBeta(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 12);
    }
  });

  test('rejects bad arguments', () => {
    expect(() => regularizedIncompleteBeta(1.1, 1, 1)).toThrow(/x must be in \[0, 1\]/);
    expect(() => regularizedIncompleteBeta(NaN, 1, 1)).toThrow(/x must be in \[0, 1\]/);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(/a and b must be/);
  });
});

describe('logGamma', () => {
  test('ln((n−1)!) for n = 1…170, to 1e-13 relative', () => {
    let logFact = 0; // ln((n−1)!)
    for (let n = 1; n <= 170; n++) {
      if (n > 1) logFact += Math.log(n - 1);
      expect(Math.abs(logGamma(n) - logFact)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(logFact)));
    }
  });

  test('Γ(1/2) = √π and Γ(n + 1/2) = (2n)!·√π/(4ⁿ·n!)', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    for (const n of [1, 2, 5, 10, 20]) {
      const ref = logChoose(2 * n, n) + sumLog(n) + 0.5 * Math.log(Math.PI) - n * Math.log(4);
      expect(Math.abs(logGamma(n + 0.5) - ref)).toBeLessThan(1e-12);
    }
  });

  test.prop([fc.double({ min: 1e-3, max: 1e4, noNaN: true })])('ln Γ(x + 1) = ln Γ(x) + ln x', (x) => {
    const lhs = logGamma(x + 1);
    expect(Math.abs(lhs - (logGamma(x) + Math.log(x)))).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
  });

  test('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(/logGamma: x must be a finite number > 0/);
    expect(() => logGamma(-1)).toThrow(/logGamma/);
  });
});

/** ln(n!) */
function sumLog(n: number): number {
  let s = 0;
  for (let j = 2; j <= n; j++) s += Math.log(j);
  return s;
}

/**
 * Guarantees of `wilsonInterval` and `proportion` (src/stats/wilson.ts): the interval's ends are
 * exactly the two roots of the Wilson score equation (p̂ − p)² = z²·p(1 − p)/n, checked by plugging
 * them back in (independent of the closed form used), with the closed-form ends at 0/n and n/n;
 * every interval lies in [0, 1], contains p̂, narrows as n grows at fixed p̂, and moves up with the
 * count; n = 0 gives value 0 in [0, 1]; bad counts are rejected with a message naming the fix.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { proportion, wilsonInterval, Z_95_TWO_SIDED } from '../../src/stats/wilson.js';

const z = Z_95_TWO_SIDED;
const counts = fc.integer({ min: 1, max: 2000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('wilsonInterval', () => {
  test('z is the 97.5 % normal quantile: Φ(z) = 0.975 by Simpson integration of the density', () => {
    const steps = 20_000; // Simpson's error here is ~1e-17, far below the tolerance
    const h = z / steps;
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    let s = phi(0) + phi(z);
    for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * phi(i * h);
    expect(Math.abs(0.5 + (s * h) / 3 - 0.975)).toBeLessThan(1e-12);
  });

  test('closed forms at the edges: 0/n → [0, z²/(n+z²)], n/n → [n/(n+z²), 1]', () => {
    for (const n of [1, 8, 10, 200]) {
      expect(wilsonInterval(0, n)).toEqual({ lower: 0, upper: expect.closeTo((z * z) / (n + z * z), 14) });
      expect(wilsonInterval(n, n)).toEqual({ lower: expect.closeTo(n / (n + z * z), 14), upper: 1 });
    }
    // 200 test points, all correct: 200/203.84146 by hand.
    expect(wilsonInterval(200, 200).lower).toBeCloseTo(0.981155, 5);
  });

  test('180/200 by hand: centre 0.892462, half-width 0.041868', () => {
    // centre = (0.9 + z²/400)/(1 + z²/200); half = z/(1 + z²/200)·√(0.09/200 + z²/160000)
    const { lower, upper } = wilsonInterval(180, 200);
    expect(lower).toBeCloseTo(0.850594, 5);
    expect(upper).toBeCloseTo(0.93433, 5);
  });

  test.prop([counts])('the ends are roots of (p̂ − p)² = z²p(1 − p)/n', ([count, n]) => {
    const phat = count / n;
    const { lower, upper } = wilsonInterval(count, n);
    for (const p of [lower, upper]) {
      const lhs = (phat - p) ** 2;
      const rhs = (z * z * p * (1 - p)) / n;
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12);
    }
  });

  test.prop([counts])('in [0, 1] and contains p̂', ([count, n]) => {
    const { lower, upper } = wilsonInterval(count, n);
    expect(lower).toBeGreaterThanOrEqual(0);
    expect(upper).toBeLessThanOrEqual(1);
    expect(lower).toBeLessThanOrEqual(count / n);
    expect(upper).toBeGreaterThanOrEqual(count / n);
  });

  test.prop([counts])('monotone in the count', ([count, n]) => {
    fc.pre(count < n);
    const a = wilsonInterval(count, n);
    const b = wilsonInterval(count + 1, n);
    expect(b.lower).toBeGreaterThan(a.lower);
    expect(b.upper).toBeGreaterThan(a.upper);
  });

  test.prop([counts, fc.integer({ min: 2, max: 10 })])('narrows with more trials at the same p̂', ([count, n], f) => {
    const a = wilsonInterval(count, n);
    const b = wilsonInterval(count * f, n * f);
    expect(b.upper - b.lower).toBeLessThan(a.upper - a.lower);
  });

  test('a wider z gives a wider interval', () => {
    const a = wilsonInterval(30, 100);
    const b = wilsonInterval(30, 100, 2.575829303549);
    expect(b.lower).toBeLessThan(a.lower);
    expect(b.upper).toBeGreaterThan(a.upper);
  });

  test('rejects bad counts with the API path and the fix', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/wilsonInterval: count must be an integer in \[0, n\]/);
    expect(() => wilsonInterval(-1, 2)).toThrow(/count/);
    expect(() => wilsonInterval(1.5, 2)).toThrow(/count/);
    expect(() => wilsonInterval(1, 2.5)).toThrow(/n must be an integer/);
    expect(() => wilsonInterval(1, 2, 0)).toThrow(/z must be/);
    expect(() => proportion(5, 4)).toThrow(/^proportion: count/);
  });
});

describe('proportion', () => {
  test('n = 0: value 0, interval [0, 1], never NaN', () => {
    expect(proportion(0, 0)).toEqual({ value: 0, lower: 0, upper: 1, count: 0, n: 0 });
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });

  test.prop([counts])('value = count/n with the Wilson interval', ([count, n]) => {
    const p = proportion(count, n);
    expect(p).toEqual({ value: count / n, ...wilsonInterval(count, n), count, n });
  });
});

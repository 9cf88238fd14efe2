/**
 * Guarantees of the verdict building blocks (src/claims/verdict.ts), for every number float64 can
 * hold: a condition holds exactly when its margin is ≥ 0 (margin > 0 ⇒ holds, margin < 0 ⇒ fails,
 * ties hold with margin exactly 0); NaN in the value or the threshold never holds and has margin
 * −Infinity; the margin is the docs/cli.md#report-folder formula wherever that formula is a number; a verdict's
 * margin is the minimum of its conditions' and it holds exactly when all conditions hold; gating
 * keeps conditions and margin and nulls `holds`; the printers carry the numbers and never throw.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Condition } from '../../src/claims/types.js';
import {
  condition,
  conditionMargin,
  formatCondition,
  formatVerdict,
  gateVerdict,
  verdictFromConditions,
} from '../../src/claims/verdict.js';
import { formatNumber } from '../../src/util/format.js';

const op = fc.constantFrom<Condition['op']>('>=', '<=');
const anyDouble = fc.double(); // includes NaN, ±Infinity, ±0, subnormals
const niceDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const conditionArb = fc
  .tuple(fc.oneof(anyDouble, niceDouble), op, fc.oneof(anyDouble, niceDouble))
  .map(([v, o, t]) => condition('c', v, o, t));

describe('condition', () => {
  test.prop([anyDouble, op, anyDouble])('holds ⇔ margin ≥ 0, and holds is the comparison itself', (v, o, t) => {
    const c = condition('c', v, o, t);
    expect(c.holds).toBe(o === '>=' ? v >= t : v <= t);
    expect(c.holds).toBe(c.margin >= 0);
    if (c.margin > 0) expect(c.holds).toBe(true);
    if (c.margin < 0) expect(c.holds).toBe(false);
    expect(Number.isNaN(c.margin)).toBe(false);
    expect(Object.is(c.margin, -0)).toBe(false);
  });

  test.prop([anyDouble, op])('ties hold with margin exactly 0', (v, o) => {
    fc.pre(!Number.isNaN(v));
    const c = condition('c', v, o, v);
    expect(c.holds).toBe(true);
    expect(c.margin).toBe(0);
  });

  test.prop([anyDouble, op, anyDouble])('NaN never holds; its margin is −Infinity', (v, o, t) => {
    for (const c of [condition('c', NaN, o, t), condition('c', v, o, NaN)]) {
      expect(c.holds).toBe(false);
      expect(c.margin).toBe(-Infinity);
    }
  });

  test.prop([niceDouble, op, niceDouble])('margin is (value − threshold)/max(|threshold|, 1e-12), negated for ≤', (v, o, t) => {
    const raw = (v - t) / Math.max(Math.abs(t), 1e-12);
    const expected = o === '>=' ? raw : -raw;
    const m = conditionMargin(v, o, t);
    // Equal except where the formula underflows to ±0 on a failing comparison (then −MIN_VALUE).
    if (expected === 0) expect(Math.abs(m)).toBeLessThanOrEqual(Number.MIN_VALUE);
    else expect(m).toBe(expected);
  });

  test('hand-made margins', () => {
    expect(condition('Γ ≥ 3Λ̂', 0.75, '>=', 0.06).margin).toBeCloseTo(11.5, 12);
    expect(condition('robust ≤ 0.5', 0.25, '<=', 0.5).margin).toBeCloseTo(0.5, 12);
    expect(condition('robust ≤ 0.5', 0.75, '<=', 0.5).margin).toBeCloseTo(-0.5, 12);
    expect(condition('x ≥ 0', 1e-13, '>=', 0).margin).toBeCloseTo(0.1, 12); // floor 1e-12
    expect(condition('x ≥ 0', -2e-12, '>=', 0).margin).toBeCloseTo(-2, 12);
    expect(condition('acc ≥ 0.9', 180 / 200, '>=', 0.9)).toMatchObject({ holds: true, margin: 0 });
  });

  test('infinities: limits of the relative margin, signs consistent', () => {
    expect(conditionMargin(Infinity, '>=', 1)).toBe(Infinity);
    expect(conditionMargin(-Infinity, '>=', 1)).toBe(-Infinity);
    expect(conditionMargin(1, '>=', Infinity)).toBe(-1);
    expect(conditionMargin(1, '<=', Infinity)).toBe(1);
    expect(conditionMargin(1, '>=', -Infinity)).toBe(1);
    expect(conditionMargin(Infinity, '>=', -Infinity)).toBe(Infinity);
    expect(conditionMargin(Infinity, '<=', Infinity)).toBe(0);
  });

  test('the tiniest failing differences still read as failing', () => {
    const c = condition('relative 1e-16', 1e300, '>=', 1e300 * (1 + 2 ** -52));
    expect(c.holds).toBe(false);
    expect(c.margin).toBeLessThan(0);
    const d = condition('subnormal', -5e-324, '>=', 0);
    expect(d.holds).toBe(false);
    expect(d.margin).toBeLessThan(0);
    const e = condition('subnormal', 5e-324, '<=', 0);
    expect(e.holds).toBe(false);
    expect(e.margin).toBeLessThan(0);
  });

  test('rejects a bad op or an empty name', () => {
    expect(() => condition('c', 1, '>' as Condition['op'], 0)).toThrow(/op must be ">=" or "<="/);
    expect(() => condition('', 1, '>=', 0)).toThrow(/name must be a non-empty string/);
  });
});

describe('verdictFromConditions', () => {
  test.prop([fc.array(conditionArb, { minLength: 1, maxLength: 5 })])(
    'margin = min over conditions; holds ⇔ every condition holds ⇔ margin ≥ 0',
    (conditions) => {
      const v = verdictFromConditions('X-1', conditions, 'detail');
      expect(v.margin).toBe(Math.min(...conditions.map((c) => c.margin)));
      expect(v.holds).toBe(conditions.every((c) => c.holds));
      expect(v.holds).toBe(v.margin >= 0);
      expect(v.status).toBe(v.holds ? 'holds' : 'fails');
      expect(v.conditions).toEqual(conditions);
      expect(v.conditions[0]).not.toBe(conditions[0]); // copied, not shared
    },
  );

  test('a NaN condition makes the claim fail with margin −Infinity', () => {
    const v = verdictFromConditions('X-1', [condition('a', 1, '>=', 0), condition('b', NaN, '<=', 1)], '');
    expect(v).toMatchObject({ status: 'fails', holds: false, margin: -Infinity });
  });

  test('no conditions is a programming error', () => {
    expect(() => verdictFromConditions('X-1', [], '')).toThrow(/claim X-1 needs at least one condition/);
  });

  test.prop([fc.array(conditionArb, { minLength: 1, maxLength: 4 }), fc.constantFrom('inconclusive', 'diverged', 'interrupted' as const)])(
    'gating nulls holds, keeps conditions and margin, prefixes the reason',
    (conditions, status) => {
      const v = verdictFromConditions('X-1', conditions, 'measured stuff');
      const g = gateVerdict(v, status, 'Because');
      expect(g).toMatchObject({ id: 'X-1', status, holds: null, margin: v.margin, conditions: v.conditions });
      expect(g.detail).toBe('Because — measured: measured stuff');
      expect(v.status).toBe(v.holds ? 'holds' : 'fails'); // the input is untouched
    },
  );
});

describe('printers', () => {
  test('formatNumber (src/util/format.ts): 4 significant digits, non-finite spelt out', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(1e-7)).toBe('1.000e-7');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('-∞');
    expect(formatNumber(-0)).toBe('0');
  });

  test('formatVerdict: one line with id, status, signed margin, each condition and the detail', () => {
    const v = verdictFromConditions(
      'ST-2',
      [condition('clean test acc (ST)', 0.95, '>=', 0.9), condition('feature-direction robust acc (ST)', 0.6, '<=', 0.5)],
      'in words',
    );
    const line = formatVerdict(v);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^ST-2 fails \(margin -0\.2\) — /);
    expect(line).toContain('clean test acc (ST): 0.95 ≥ 0.9 ✓ (margin +0.05556)');
    expect(line).toContain('feature-direction robust acc (ST): 0.6 ≤ 0.5 ✗ (margin -0.2)');
    expect(line.endsWith('— in words')).toBe(true);
  });

  test.prop([conditionArb])('formatCondition never throws and shows ✓ exactly when the condition holds', (c) => {
    const s = formatCondition(c);
    expect(s.includes('✓')).toBe(c.holds);
    expect(s.includes('✗')).toBe(!c.holds);
  });
});

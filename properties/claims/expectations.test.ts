/**
 * Guarantees of the statistical rule of docs/claims.md#statistical-rule (src/claims/expectations.ts): the profile
 * constants are the contract's numbers; on one seed an expectation is met exactly when the status
 * equals it; over several seeds, exactly when at least the profile's seeds ran and the one-sided
 * 95 % Clopper–Pearson lower bound of the match rate reaches the profile's bound (hand-made cases at
 * both profiles' edges: 8/8, 7/8, 6/8, 30/30, 28/30, 27/30, and 5/5 which reaches the bound with
 * too few seeds); gated seeds count against; "report" asserts nothing; one more matching seed never
 * lowers the bound and one more non-matching seed never raises it; the I1-vs-AT-4 accuracy counts
 * exactly the decided runs.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  aggregateRule,
  CONFIDENCE,
  DEFAULT_PROFILE,
  describeAggregate,
  expectationMetOnSeed,
  FULL_PROFILE,
  injectionAccuracy,
  profileByName,
} from '../../src/claims/expectations.js';
import type { Verdict, VerdictStatus } from '../../src/claims/types.js';
import type { AssumptionResult } from '../../src/regime/types.js';
import { clopperPearsonLower } from '../../src/stats/clopperPearson.js';

const STATUSES: VerdictStatus[] = ['holds', 'fails', 'inconclusive', 'diverged', 'interrupted'];

function verdict(status: VerdictStatus, id = 'AT-1'): Verdict {
  const holds = status === 'holds' ? true : status === 'fails' ? false : null;
  return { id, status, holds, conditions: [], margin: holds ? 1 : -1, detail: '' };
}
const seeds = (matching: number, total: number, status: VerdictStatus = 'holds', other: VerdictStatus = 'fails') =>
  Array.from({ length: total }, (_, i) => verdict(i < matching ? status : other));

const statusArb = fc.constantFrom(...STATUSES);
const expectArb = fc.constantFrom('holds' as const, 'fails' as const, 'report' as const);
const profileArb = fc.constantFrom(DEFAULT_PROFILE, FULL_PROFILE);

describe('constants', () => {
  it('are the numbers of docs/claims.md#statistical-rule', () => {
    expect(CONFIDENCE).toBe(0.95);
    expect(DEFAULT_PROFILE).toEqual({ name: 'default', minSeeds: 8, requiredBound: 0.5, confidence: 0.95 });
    expect(FULL_PROFILE).toEqual({ name: 'full', minSeeds: 30, requiredBound: 0.8, confidence: 0.95 });
    expect(Object.isFrozen(DEFAULT_PROFILE) && Object.isFrozen(FULL_PROFILE)).toBe(true);
    expect(profileByName('full')).toBe(FULL_PROFILE);
    expect(() => profileByName('fast')).toThrow(/profile must be "default" or "full", got "fast"/);
  });
});

describe('single seed', () => {
  test.prop([expectArb, statusArb])('met ⇔ status equals the expectation; "report" → null', (expect_, status) => {
    const met = expectationMetOnSeed(expect_, verdict(status));
    expect(met).toBe(expect_ === 'report' ? null : status === expect_);
    const row = aggregate('s', 'AT-1', expect_, [verdict(status)], DEFAULT_PROFILE);
    expect(row.met).toBe(met);
    expect(row.total).toBe(1);
  });

  it('an inconclusive seed meets neither expectation', () => {
    expect(expectationMetOnSeed('holds', verdict('inconclusive'))).toBe(false);
    expect(expectationMetOnSeed('fails', verdict('inconclusive'))).toBe(false);
  });
});

describe('aggregate: hand-made cases', () => {
  it.each([
    // [matched, total, profile, bound, met]
    [8, 8, 'default', 0.6877, true],
    [7, 8, 'default', 0.5293, true],
    [6, 8, 'default', 0.4003, false],
    [9, 10, 'default', 0.6058, true],
    [5, 5, 'default', 0.5493, false], // the bound is reached, but with fewer than 8 seeds
    [3, 3, 'default', 0.3684, false],
    [30, 30, 'full', 0.905, true],
    [28, 30, 'full', 0.8047, true],
    [27, 30, 'full', 0.7614, false],
    [14, 14, 'full', 0.8074, false], // the bound is reached, but with fewer than 30 seeds
    [8, 8, 'full', 0.6877, false],
  ] as const)('%i/%i seeds match, %s profile → bound %f, met %s', (matched, total, name, bound, met) => {
    const profile = profileByName(name);
    const row = aggregate('paper-small', 'AT-1', 'holds', seeds(matched, total), profile);
    expect(row).toMatchObject({
      scenario: 'paper-small',
      id: 'AT-1',
      expect: 'holds',
      matched,
      total,
      requiredBound: profile.requiredBound,
      minSeeds: profile.minSeeds,
      met,
    });
    expect(row.lowerBound).toBeCloseTo(bound, 4);
  });

  it('"fails" expectations count failing seeds', () => {
    const row = aggregate(
      'dense-robust',
      'ST-1',
      'fails',
      Array.from({ length: 8 }, () => verdict('fails', 'ST-1')),
    );
    expect(row).toMatchObject({ matched: 8, total: 8, met: true });
  });

  it('gated seeds count in the total and never match', () => {
    const vs = [...seeds(7, 7), verdict('inconclusive')];
    expect(aggregate('s', 'AT-1', 'holds', vs)).toMatchObject({ matched: 7, total: 8, met: true });
    const vs2 = [...seeds(6, 6), verdict('diverged'), verdict('interrupted')];
    expect(aggregate('s', 'AT-1', 'holds', vs2)).toMatchObject({ matched: 6, total: 8, met: false });
  });

  it('"report": matched = seeds where the claim holds, met = null', () => {
    const row = aggregate(
      'paper-small',
      'AT-3',
      'report',
      seeds(5, 8).map((v) => ({ ...v, id: 'AT-3' })),
    );
    expect(row).toMatchObject({ matched: 5, total: 8, met: null });
    expect(row.lowerBound).toBeCloseTo(0.2892, 4);
  });

  it('no seeds: not met; bound 0', () => {
    expect(aggregate('s', 'AT-1', 'holds', [])).toMatchObject({ matched: 0, total: 0, lowerBound: 0, met: false });
  });

  it('verdicts of another claim are an error', () => {
    expect(() => aggregate('s', 'AT-2', 'holds', seeds(3, 3))).toThrow(/verdicts must all be of claim AT-2, got one of AT-1/);
  });
});

describe('aggregate: properties', () => {
  const run = fc.array(statusArb, { maxLength: 40 });

  test.prop([expectArb, run, profileArb])('row is consistent with the rule', (expect_, statuses, profile) => {
    const row = aggregate(
      's',
      'AT-1',
      expect_,
      statuses.map((s) => verdict(s)),
      profile,
    );
    const target = expect_ === 'report' ? 'holds' : expect_;
    expect(row.matched).toBe(statuses.filter((s) => s === target).length);
    expect(row.total).toBe(statuses.length);
    expect(row.lowerBound).toBe(clopperPearsonLower(row.matched, row.total, 0.95));
    const rule = aggregateRule(row);
    if (expect_ === 'report') expect(row.met).toBeNull();
    else if (row.total === 0) expect(row.met).toBe(false);
    else if (row.total === 1) expect(row.met).toBe(statuses[0] === expect_);
    else expect(row.met).toBe(row.total >= profile.minSeeds && row.lowerBound >= profile.requiredBound);
    expect(describeAggregate(row)).toContain(`${row.matched}/${row.total}`);
    if (rule === 'too-few-seeds') expect(describeAggregate(row)).toContain(`needs ≥ ${profile.minSeeds} seeds`);
    if (rule === 'bound') expect(describeAggregate(row)).toContain(row.met ? '→ met' : '→ not met');
  });

  test.prop([fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)))])(
    'one more matching seed never lowers the bound; one more non-matching seed never raises it',
    ([matched, total]) => {
      const b = aggregate('s', 'AT-1', 'holds', seeds(matched, total)).lowerBound;
      expect(aggregate('s', 'AT-1', 'holds', [...seeds(matched, total), verdict('holds')]).lowerBound).toBeGreaterThanOrEqual(b);
      expect(aggregate('s', 'AT-1', 'holds', [...seeds(matched, total), verdict('fails')]).lowerBound).toBeLessThanOrEqual(b);
    },
  );

  it('describeAggregate names each rule', () => {
    expect(describeAggregate(aggregate('s', 'AT-1', 'report', seeds(2, 3)))).toMatch(/reported, not asserted/);
    expect(describeAggregate(aggregate('s', 'AT-1', 'holds', []))).toMatch(/no seed ran/);
    expect(describeAggregate(aggregate('s', 'AT-1', 'holds', seeds(1, 1)))).toMatch(/single-seed rule .*: met/);
    expect(describeAggregate(aggregate('s', 'AT-1', 'holds', seeds(5, 5)))).toMatch(
      /lower bound 0\.5493\); not met: the profile needs ≥ 8 seeds/,
    );
    expect(describeAggregate(aggregate('s', 'AT-1', 'holds', seeds(7, 8)))).toMatch(/Clopper–Pearson lower bound 0\.5293 ≥ 0\.5 → met/);
  });
});

describe('injectionAccuracy: I1 holds ⇔ AT-4 fails', () => {
  const i1 = (holds: boolean): AssumptionResult => ({ id: 'I1', holds, value: 0, threshold: 0, detail: '' });
  it('counts right and wrong predictions, skips gated verdicts', () => {
    const acc = injectionAccuracy([
      { at4: verdict('fails', 'AT-4'), injection: i1(true) }, // right
      { at4: verdict('holds', 'AT-4'), injection: i1(false) }, // right
      { at4: verdict('holds', 'AT-4'), injection: i1(true) }, // wrong
      { at4: verdict('fails', 'AT-4'), injection: i1(false) }, // wrong
      { at4: verdict('fails', 'AT-4'), injection: i1(true) }, // right
      { at4: verdict('inconclusive', 'AT-4'), injection: i1(true) }, // skipped
    ]);
    expect(acc).toMatchObject({ correct: 3, total: 5, skipped: 1, rate: 0.6 });
    expect(acc.interval).toMatchObject({ value: 0.6, count: 3, n: 5 });
  });
  it('nothing decided: rate NaN, interval [0, 1]', () => {
    const acc = injectionAccuracy([{ at4: verdict('diverged', 'AT-4'), injection: i1(true) }]);
    expect(acc.total).toBe(0);
    expect(acc.rate).toBeNaN();
    expect(acc.interval).toMatchObject({ lower: 0, upper: 1 });
  });
  test.prop([fc.array(fc.tuple(statusArb, fc.boolean()), { maxLength: 30 })])('correct + wrong + skipped = all', (pairs) => {
    const acc = injectionAccuracy(pairs.map(([s, h]) => ({ at4: verdict(s, 'AT-4'), injection: i1(h) })));
    const decided = pairs.filter(([s]) => s === 'holds' || s === 'fails');
    expect(acc.total).toBe(decided.length);
    expect(acc.skipped).toBe(pairs.length - decided.length);
    expect(acc.correct).toBe(decided.filter(([s, h]) => h === (s === 'fails')).length);
  });
});

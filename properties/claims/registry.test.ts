/**
 * Guarantees of run-level evaluation (src/claims/registry.ts, preconditions.ts, thresholds.ts).
 * On synthetic run results of every kind: the status rules apply with precedence interrupted >
 * diverged > inconclusive > the claim's own holds/fails, gated verdicts keep the claim's conditions
 * and margin with holds = null; R1 and R2 are computed as specified; threshold overrides never hide
 * the spec's verdicts (the default verdicts are identical with or without overrides) and the
 * overridden ones are exactly the claims at the resolved thresholds; evaluation is pure. The default
 * thresholds are the numbers of docs/claims.md and cannot be mutated; malformed overrides are rejected with a
 * message naming the path and the fix.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  evaluatePreconditions,
  initialScale,
  PRECONDITION_THRESHOLDS,
  r1StandardTrainingFits,
  r2NoDivergence,
  r3StandardTrainingLearnedFeatures,
  runStalled,
} from '../../src/claims/preconditions.js';
import { applyRunStatus, CLAIMS, DEFAULT_THRESHOLDS, evaluateClaims, findClaim, thresholdsWith } from '../../src/claims/registry.js';
import { lambdaHat } from '../../src/claims/lambdaHat.js';
import { describeOverrides, isEmptyOverride } from '../../src/claims/overrides.js';
import type { ClaimThresholds, ThresholdOverrides } from '../../src/claims/types.js';
import type { RunResult } from '../../src/experiment/types.js';
import { proportion } from '../../src/stats/wilson.js';
import { paperLikeResult, runResultArbitrary } from '../arbitraries/runResult.js';

/** Overrides: any subset of ids and fields, with finite values near and far from the defaults. */
const overridesArb: fc.Arbitrary<ThresholdOverrides> = fc
  .array(
    fc.constantFrom(...(Object.keys(DEFAULT_THRESHOLDS) as (keyof ClaimThresholds)[])).chain((id) =>
      fc.subarray(Object.keys(DEFAULT_THRESHOLDS[id])).chain((fields) =>
        fc.tuple(
          fc.constant(id),
          fc
            .tuple(...fields.map(() => fc.double({ min: -1, max: 10, noNaN: true })))
            .map((vals) => Object.fromEntries(fields.map((f, i) => [f, vals[i]]))),
        ),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => Object.fromEntries(pairs) as ThresholdOverrides);

describe('status rules', () => {
  test.prop([runResultArbitrary()])('interrupted > diverged > inconclusive (R1, R3; R4 for AT-2, AT-3) > holds/fails', (result) => {
    const { verdicts, preconditions } = evaluateClaims(result);
    const [r1, r2, r3, r4] = preconditions;
    expect(preconditions.map((p) => p.id)).toEqual(['R1', 'R2', 'R3', 'R4']);
    const base = result.interrupted ? 'interrupted' : !r2!.holds ? 'diverged' : !r1!.holds || !r3!.holds ? 'inconclusive' : null;
    expect(verdicts.map((v) => v.id)).toEqual(CLAIMS.map((c) => c.id));
    verdicts.forEach((v, i) => {
      const raw = CLAIMS[i]!.evaluate(result, DEFAULT_THRESHOLDS);
      const expected = base ?? (!r4!.holds && (v.id === 'AT-2' || v.id === 'AT-3') ? 'inconclusive' : null);
      if (expected === null) {
        expect(v).toEqual(raw);
      } else {
        expect(v.status).toBe(expected);
        expect(v.holds).toBeNull();
        expect(v.conditions).toEqual(raw.conditions); // still computed and shown
        expect(v.margin).toBe(raw.margin);
        expect(v.detail.endsWith(raw.detail)).toBe(true);
      }
    });
  });

  it('diverged: the step is in the detail', () => {
    const r = paperLikeResult((r) => (r.at.diverged = { step: 123, reason: 'non-finite loss' }));
    const v = evaluateClaims(r).verdicts[0]!;
    expect(v.status).toBe('diverged');
    expect(v.detail).toMatch(/^Diverged: ST stayed finite for 600 steps; AT diverged at step 123 \(non-finite loss\)/);
  });

  it('interrupted wins over diverged and R1; diverged wins over R1', () => {
    const bad = (r: RunResult) => {
      r.st.diverged = { step: 7, reason: 'non-finite weights' };
      r.st.trainAcc = proportion(10, 100);
    };
    expect(evaluateClaims(paperLikeResult((r) => (bad(r), (r.interrupted = true)))).verdicts.every((v) => v.status === 'interrupted')).toBe(
      true,
    );
    expect(evaluateClaims(paperLikeResult(bad)).verdicts.every((v) => v.status === 'diverged')).toBe(true);
    const underTrained = evaluateClaims(paperLikeResult((r) => (r.st.trainAcc = proportion(94, 100))));
    expect(underTrained.verdicts.every((v) => v.status === 'inconclusive')).toBe(true);
    expect(underTrained.verdicts[0]!.detail).toContain('an under-trained network is no evidence');
  });

  it('R3: an ST network that memorised noise (train acc 1, Λ, Γ at their initial size) makes every claim inconclusive', () => {
    const noise = paperLikeResult((r) => {
      r.st.lambda = 0.012;
      r.st.gamma = 0.02; // < 5·S0 = 0.05
      r.st.testAcc = proportion(98, 200); // chance
    });
    const { verdicts, preconditions } = evaluateClaims(noise);
    expect(preconditions.find((p) => p.id === 'R3')).toMatchObject({ holds: false, value: 0.02, threshold: 0.05 });
    expect(verdicts.map((v) => v.status)).toEqual(CLAIMS.map(() => 'inconclusive'));
    expect(verdicts[0]!.detail).toMatch(/^Inconclusive: R3 failed/);
    // Just above the gate the claims are judged again.
    const learned = evaluateClaims(paperLikeResult((r) => ((r.st.lambda = 0.012), (r.st.gamma = 0.05))));
    expect(learned.preconditions.find((p) => p.id === 'R3')!.holds).toBe(true);
    expect(learned.verdicts.some((v) => v.status === 'inconclusive')).toBe(false);
  });

  it('R3 and R4 scale with S0 = max(Λ(0), Γ(0), sigma0): a negative Λ(0) does not make them vacuous', () => {
    const r = paperLikeResult((x) => {
      x.init.lambda = -0.5;
      x.init.gamma = -0.5;
      x.regime = { ...x.regime, sigma0: 0.02 };
      x.st.gamma = 0.09; // < 5·0.02
      x.st.lambda = 0;
    });
    expect(initialScale(r)).toBe(0.02);
    expect(r3StandardTrainingLearnedFeatures(r)).toMatchObject({ holds: false, threshold: 0.1 });
  });

  it('R4: a stalled AT makes AT-2 and AT-3 inconclusive; AT-1 and AT-4 are judged as usual (a stall fails AT-1)', () => {
    const stalled = paperLikeResult((r) => {
      r.at.lambda = 0.02;
      r.at.gamma = 0.01; // max < 5·S0 = 0.05: both AT-2 conditions would hold vacuously
      r.at.robust.feature = proportion(100, 200);
    });
    const raw = Object.fromEntries(CLAIMS.map((c) => [c.id, c.evaluate(stalled, DEFAULT_THRESHOLDS).status]));
    expect(raw['AT-2']).toBe('holds'); // what the gate exists for
    const { verdicts, preconditions } = evaluateClaims(stalled);
    expect(preconditions.find((p) => p.id === 'R4')).toMatchObject({ holds: false, value: 0.02, threshold: 0.05 });
    expect(runStalled(preconditions)).toBe(true);
    const status = Object.fromEntries(verdicts.map((v) => [v.id, v.status]));
    expect(status).toMatchObject({ 'ST-1': 'holds', 'AT-1': 'fails', 'AT-2': 'inconclusive', 'AT-3': 'inconclusive', 'AT-4': 'fails' });
    expect(verdicts.find((v) => v.id === 'AT-2')!.detail).toMatch(/^Inconclusive: R4 failed/);
    expect(runStalled(evaluateClaims(paperLikeResult()).preconditions)).toBe(false);
    // A stall under a failed R3 is not counted as a stall: the run is no evidence at all.
    const both = evaluateClaims(
      paperLikeResult((r) => ((r.st.gamma = 0.01), (r.st.lambda = 0.01), (r.at.lambda = 0.01), (r.at.gamma = 0.01))),
    );
    expect(runStalled(both.preconditions)).toBe(false);
  });

  it('applyRunStatus leaves a clean run alone', () => {
    const r = paperLikeResult();
    const raw = CLAIMS[0]!.evaluate(r, DEFAULT_THRESHOLDS);
    expect(applyRunStatus(raw, r, evaluatePreconditions(r))).toBe(raw);
  });
});

describe('preconditions', () => {
  it('R1: ST clean train acc ≥ 0.95, inclusive; NaN fails', () => {
    expect(r1StandardTrainingFits(paperLikeResult((r) => (r.st.trainAcc = proportion(95, 100))))).toMatchObject({
      id: 'R1',
      holds: true,
      value: 0.95,
      threshold: 0.95,
    });
    expect(r1StandardTrainingFits(paperLikeResult((r) => (r.st.trainAcc = proportion(94, 100)))).holds).toBe(false);
    expect(r1StandardTrainingFits(paperLikeResult((r) => (r.st.trainAcc.value = NaN))).holds).toBe(false);
    const strict = thresholdsWith({ R1: { minStTrainAcc: 0.99 } });
    expect(
      r1StandardTrainingFits(
        paperLikeResult((r) => (r.st.trainAcc = proportion(98, 100))),
        strict,
      ).holds,
    ).toBe(false);
  });

  test.prop([runResultArbitrary()])('R2: value = number of diverged trainings; holds ⇔ none; steps in the detail', (result) => {
    const r2 = r2NoDivergence(result);
    const n = (result.st.diverged ? 1 : 0) + (result.at.diverged ? 1 : 0);
    expect(r2).toMatchObject({ id: 'R2', holds: n === 0, value: n, threshold: 0 });
    for (const m of [result.st, result.at]) if (m.diverged) expect(r2.detail).toContain(`diverged at step ${m.diverged.step}`);
  });
});

describe('overrides', () => {
  test.prop([runResultArbitrary(), overridesArb])(
    'never hide the default verdicts; overridden = claims at resolved thresholds',
    (result, overrides) => {
      const plain = evaluateClaims(result);
      const both = evaluateClaims(result, { overrides });
      expect(both.verdicts).toEqual(plain.verdicts);
      expect(both.preconditions).toEqual(plain.preconditions);
      if (isEmptyOverride(overrides)) {
        expect(both.overridden).toBeUndefined();
        return;
      }
      const resolved = thresholdsWith(overrides);
      const pre = evaluatePreconditions(result, resolved);
      expect(both.overriddenPreconditions).toEqual(pre);
      expect(both.overridden!.map((v) => v.id)).toEqual(both.verdicts.map((v) => v.id));
      both.overridden!.forEach((v, i) => {
        const expected = applyRunStatus(CLAIMS[i]!.evaluate(result, resolved), result, pre);
        const { detail, ...rest } = v;
        const { detail: expectedDetail, ...expectedRest } = expected;
        expect(rest).toEqual(expectedRest);
        expect(detail.startsWith(expectedDetail)).toBe(true);
        for (const note of describeOverrides(overrides, [v.id as keyof ClaimThresholds, 'R1'], DEFAULT_THRESHOLDS))
          expect(detail).toContain(note);
      });
    },
  );

  it('a stricter ST-1 ratio: the spec verdict holds, the overridden one fails and says why', () => {
    const out = evaluateClaims(paperLikeResult(), { overrides: { 'ST-1': { ratio: 100 } } });
    expect(out.verdicts[0]!.status).toBe('holds');
    expect(out.overridden![0]!.status).toBe('fails');
    expect(out.overridden![0]!.detail).toMatch(/\[overridden thresholds: ST-1\.ratio = 100 \(spec 3\)\]$/);
    expect(out.overridden![1]).toEqual(out.verdicts[1]); // ST-2 untouched
  });

  it('an empty override object changes nothing and returns no overridden set', () => {
    expect(evaluateClaims(paperLikeResult(), { overrides: {} })).toEqual(evaluateClaims(paperLikeResult()));
  });

  test.prop([runResultArbitrary(), overridesArb])('pure: same output twice, input not mutated', (result, overrides) => {
    const before = structuredClone(result);
    const beforeOverrides = structuredClone(overrides);
    const a = evaluateClaims(result, { overrides });
    expect(evaluateClaims(result, { overrides })).toEqual(a);
    expect(result).toEqual(before);
    expect(overrides).toEqual(beforeOverrides);
  });

  it('I1 from the context reaches AT-4', () => {
    const injection = { id: 'I1', holds: true, value: 3, threshold: 1, detail: 'x' };
    const out = evaluateClaims(paperLikeResult(), { context: { injection } });
    expect(out.verdicts[6]!.detail).toContain('the prediction is right');
  });
});

describe('thresholds', () => {
  it('are the numbers of docs/claims.md (and R1)', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      'ST-1': { ratio: 3 },
      'ST-2': { minCleanTestAcc: 0.9, maxFeatureRobustAcc: 0.5 },
      'ST-3': { minVShare: 0.5 },
      'AT-1': { overStLambdaHat: 2, overInitLambda: 5 },
      'AT-2': { gammaFactor: 0.5, ratioFactor: 0.5 },
      'AT-3': { minFeatureRobustGain: 0.2, minCleanTestAcc: 0.8 },
      'AT-4': { minPgdRobustAcc: 0.5 },
      R1: { minStTrainAcc: 0.95 },
      R3: { overInitScale: 5 },
      R4: { overInitScale: 5 },
    });
    expect(Object.keys(DEFAULT_THRESHOLDS)).toEqual([...CLAIMS.map((c) => c.id), 'R1', 'R3', 'R4']);
  });

  it("are collected from each claim's file and the preconditions'", () => {
    for (const claim of CLAIMS) expect(DEFAULT_THRESHOLDS[claim.id]).toEqual(claim.thresholds);
    for (const id of ['R1', 'R3', 'R4'] as const) expect(DEFAULT_THRESHOLDS[id]).toEqual(PRECONDITION_THRESHOLDS[id]);
  });

  it('cannot be mutated, nor through thresholdsWith', () => {
    expect(() => {
      (DEFAULT_THRESHOLDS['ST-1'] as { ratio: number }).ratio = 1;
    }).toThrow(TypeError);
    const r = thresholdsWith({ 'ST-1': { ratio: 1 } });
    expect(r['ST-1'].ratio).toBe(1);
    expect(DEFAULT_THRESHOLDS['ST-1'].ratio).toBe(3);
    expect(Object.isFrozen(r['AT-2'])).toBe(true);
  });

  it('reject unknown ids, unknown fields and non-finite values, naming the path and the fix', () => {
    expect(() => thresholdsWith({ 'ST-9': { ratio: 1 } } as ThresholdOverrides)).toThrow(
      /thresholds: 'ST-9' is not a claim .* use one of ST-1, ST-2/,
    );
    expect(() => thresholdsWith({ 'ST-1': { ratoi: 1 } } as ThresholdOverrides)).toThrow(
      /thresholds\.ST-1\.ratoi is not a threshold of ST-1; use one of ratio/,
    );
    expect(() => thresholdsWith({ 'ST-1': { ratio: NaN } })).toThrow(/thresholds\.ST-1\.ratio must be a finite number, got NaN/);
    expect(() => thresholdsWith({ 'ST-1': { ratio: '3' as unknown as number } })).toThrow(/must be a finite number/);
    expect(() => evaluateClaims(paperLikeResult(), { overrides: { R2: {} } as ThresholdOverrides })).toThrow(/'R2'/);
  });

  it('Λ̂ = max(Λ, Λ(0)), NaN-propagating', () => {
    expect(lambdaHat(0.001, 0.01)).toBe(0.01);
    expect(lambdaHat(0.5, 0.01)).toBe(0.5);
    expect(lambdaHat(NaN, 0.01)).toBeNaN();
  });

  it('findClaim', () => {
    expect(findClaim('AT-4')?.title).toMatch(/PGD/);
    expect(findClaim('XX-1')).toBeUndefined();
  });
});

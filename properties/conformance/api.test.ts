/**
 * Guarantees of the conformance API itself: options are validated before anything runs, with
 * errors naming the option and the fix; a trainer that throws or returns the wrong layout gets
 * failing verdicts carrying the message, never an exception; every verdict has the docs/cli.md#report-folder
 * shape with holds ⇔ margin ≥ 0; checkTrainer frees every tensor it makes; an independent float64
 * implementation (examples/my-trainer.ts) passes the cheap checks on any generated case set, so
 * the tolerances do not fail correct code; and the training driver reproduces runExperiment's
 * standard training through the reference trainer.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { checkTrainer } from '../../src/conformance/checkTrainer.js';
import { checkIds, planChecks } from '../../src/conformance/plan.js';
import { CLAIM_CALIBRATION_SEEDS } from '../../src/conformance/claimRegime.js';
import { formatConformance } from '../../src/conformance/format.js';
import { referenceTrainer } from '../../src/conformance/referenceTrainer.js';
import { runWithTrainer } from '../../src/conformance/trainWithTrainer.js';
import { MUTANTS } from '../../src/conformance/mutants/index.js';
import type { Trainer } from '../../src/conformance/types.js';
import { expectHolds } from '../../src/conformance/vitest.js';
import { condition, verdictFromConditions } from '../../src/claims/verdict.js';
import { myTrainer } from '../../examples/my-trainer.js';
import { backendForTests, tinyRegime } from '../helpers/engine.js';
import { testBudget } from '../helpers/testRun.js';

const CHEAP = ['invariant', 'reference'] as const;

beforeAll(async () => {
  await backendForTests();
});

describe('checkTrainer options', () => {
  it('rejects unknown checks, profiles, tolerances and counts before running, naming the option', async () => {
    expect(() => planChecks({ only: ['attack.bugdet'] })).toThrow(/options\.only contains "attack\.bugdet".*attack\.budget/);
    expect(() => planChecks({ profile: 'fast' as 'full' })).toThrow(/options\.profile = "fast"/);
    expect(() => planChecks({ tolerances: { budgte: 1 } as never })).toThrow(
      /options\.tolerances\.budgte is not a tolerance; use one of budget/,
    );
    expect(() => planChecks({ tolerances: { budget: -1 } })).toThrow(/tolerances\.budget must be a finite number ≥ 0/);
    expect(() => planChecks({ claimSeeds: 0 })).toThrow(/options\.claimSeeds = 0 must be an integer ≥ 1/);
    expect(() => planChecks({ claimRegime: { P: 4 } })).toThrow(/sR \+ sNR = 12 exceeds P = 4.*Fix/);
    await expect(checkTrainer({ name: 'half', attack: () => new Float32Array(0) } as unknown as Trainer)).rejects.toThrow(
      /attack\(input\) and update\(input\)/,
    );
  });

  it('the claim seeds, in either profile, are disjoint from the seeds the claim regime was calibrated on', () => {
    const calibrated = new Set(Array.from({ length: CLAIM_CALIBRATION_SEEDS.count }, (_, i) => CLAIM_CALIBRATION_SEEDS.first + i));
    for (const p of ['default', 'full'] as const) {
      const seeds = planChecks({ profile: p, only: ['claims'] }).regimes.map((r) => r.seed);
      expect(seeds.length).toBeGreaterThanOrEqual(8);
      expect(seeds.filter((s) => calibrated.has(s))).toEqual([]);
    }
  });

  it('selects by id and by kind', () => {
    expect(planChecks({ only: ['attack.budget', 'claim.AT-2'] })).toMatchObject({ claims: ['AT-2'], cheap: [{ id: 'attack.budget' }] });
    expect(planChecks({ only: ['claims'] }).cheap).toEqual([]);
    expect(planChecks({ only: ['invariant'] }).cheap.every((c) => c.kind === 'invariant')).toBe(true);
    expect(planChecks({ only: ['reference'] }).regimes).toEqual([]);
    expect(checkIds()).toContain('update.reference');
  });
});

describe('checkTrainer verdicts', () => {
  it('turns a trainer that throws, or returns the wrong layout, into failing verdicts that carry the message', async () => {
    const throwing: Trainer = {
      name: 'throws',
      attack: () => {
        throw new Error('CUDA out of memory');
      },
      update: referenceTrainer.update,
    };
    const r1 = await checkTrainer(throwing, { only: ['attack.budget', 'update.reference'] });
    expect(r1.passed).toBe(false);
    expect(r1.verdicts[0].detail).toMatch(/trainer\.attack threw .*CUDA out of memory/);
    const short: Trainer = { name: 'short', attack: (i) => new Float32Array(i.X.length - 1), update: async (i) => i.W.slice(0, 3) };
    const r2 = await checkTrainer(short, { only: CHEAP });
    expect(r2.failed).toEqual(r2.verdicts.map((v) => v.id));
    expect(r2.verdicts.find((v) => v.id === 'attack.budget')!.detail).toMatch(
      /returned \d+ numbers; expected δ \[n, P, d\] = \[\d+, \d+, \d+\] = \d+/,
    );
    expect(r2.verdicts.find((v) => v.id === 'update.reference')!.detail).toMatch(/expected (δ|W′) \[/);
  });

  it('have the docs/cli.md#report-folder shape, holds ⇔ margin ≥ 0, and free every tensor', async () => {
    for (const trainer of [referenceTrainer, MUTANTS[0].make(), MUTANTS[9].make()]) {
      const before = tf.memory().numTensors;
      const result = await checkTrainer(trainer, { only: CHEAP });
      expect(tf.memory().numTensors).toBe(before);
      for (const v of result.verdicts) {
        expect(Object.keys(v).sort()).toEqual(['conditions', 'detail', 'holds', 'id', 'margin', 'status'].sort());
        expect(v.conditions.length).toBeGreaterThan(0);
        expect(v.holds).toBe(v.status === 'holds');
        expect(v.margin >= 0).toBe(v.holds);
        for (const c of v.conditions) expect(c.margin >= 0).toBe(c.holds);
      }
    }
  });

  it('an independent float64 implementation passes the cheap checks on any generated case set', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const result = await checkTrainer(myTrainer, { only: CHEAP, seed, repeats: 2 });
        expect(result.passed, formatConformance(result)).toBe(true);
      }),
      { numRuns: testBudget().profile === 'full' ? 20 : 3 },
    );
  });

  it('claims: a trainer that never learns fails the claim checks, with the rule and every seed spelt out', async () => {
    const frozen: Trainer = { name: 'never learns', attack: referenceTrainer.attack, update: (i) => i.W.slice() };
    const result = await checkTrainer(frozen, { only: ['claim.ST-1'], claimSeeds: 2, claimRegime: { T: 5 } });
    expect(result.claimSeeds).toEqual([7000, 7001]);
    const v = result.verdicts[0];
    expect(v).toMatchObject({ id: 'claim.ST-1', status: 'fails' });
    expect(v.conditions.map((c) => c.name)).toEqual(['seeds run', '95 % lower bound of the rate of seeds where it holds']);
    expect(v.detail).toMatch(/0\/2 seeds match "holds".*not met: the profile needs ≥ 8 seeds.*Seeds 7000–7001: [FI]{2} \(/);
    expect(v.detail).toMatch(/Seeds 7000–7001: [FI]*I[FI]* \(/); // R1 gates a seed where W0 alone does not fit the training set
  });
});

describe('describeTrainer', () => {
  it('fails a test with the verdict on one line (conditions, values, margins)', () => {
    const failing = verdictFromConditions('attack.budget', [condition('max ‖δ‖/eps, l2', 1.7, '<=', 1.00001)], 'too big');
    expect(() => expectHolds(failing, 'attack.budget')).toThrow(/attack\.budget fails \(margin −?-?0\.7.*max ‖δ‖\/eps, l2: 1\.7 ≤ 1 ✗/);
    expect(() => expectHolds(undefined, 'claim.AT-1')).toThrow(/no verdict claim\.AT-1 was produced/);
    expectHolds(verdictFromConditions('ok', [condition('a', 0, '<=', 0)], ''), 'ok');
  });
});

describe('runWithTrainer', () => {
  it('through our reference trainer, reproduces runExperiment for standard training (same data, W0 and evaluation)', async () => {
    const regime = tinyRegime({ T: 40, logEvery: 40, seed: 11 });
    const ours = await runExperiment(regime);
    const theirs = await runWithTrainer(referenceTrainer, regime);
    expect(theirs.init).toEqual(ours.init);
    for (const key of ['lambda', 'gamma', 'loss', 'cleanTestLoss'] as const) {
      expect(Math.abs(theirs.st[key] - ours.st[key])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(ours.st[key])));
    }
    expect(theirs.st.steps).toBe(40);
    expect(theirs.at.steps).toBe(40);
    expect(Math.abs(theirs.st.testAcc.count - ours.st.testAcc.count)).toBeLessThanOrEqual(1);
  });
});

/**
 * Guarantees (issue #3, the heart of provably): inside the paper's assumptions A1–A8, across the
 * calibrated region of every parameter (src/calibration/ranges.ts; rates in docs/calibration.md),
 * standard training learns mainly non-robust features and is not robust (ST-1, ST-2, ST-3), and
 * one-step adversarial training strengthens robust features, suppresses non-robust ones and improves
 * robustness (AT-1, AT-2, AT-3). Each generated regime runs over several seeds and each claim must
 * meet the docs/claims.md#statistical-rule rule (Clopper–Pearson lower bound of the success rate ≥ the profile's bound).
 * Regimes and seeds come from fast-check (the logged seed), not from the calibration's seeds.
 * Shrinking is off (endOnFailure): every shrink step would retrain dozens of networks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALIBRATED_IN_ASSUMPTION } from '../src/calibration/ranges.js';
import { checkAssumptions } from '../src/regime/assumptions.js';
import { inAssumptionRegime } from '../src/regime/arbitraries.js';
import { claimsOverSeeds, describeOutcome, expectationProfile } from './helpers/claimsOverSeeds.js';
import { profile } from './helpers/profile.js';

const full = profile().name === 'full';
/** Regimes per run of the suite; seeds per regime (≥ the profile's minimum). */
const REGIMES = full ? 6 : 2;
const SEEDS = full ? 30 : 12;
const EXPECT = { 'ST-1': 'holds', 'ST-2': 'holds', 'ST-3': 'holds', 'AT-1': 'holds', 'AT-2': 'holds', 'AT-3': 'holds' } as const;

describe('claims inside the assumptions', () => {
  it(`ST-1…AT-3 hold over ${SEEDS} seeds in each of ${REGIMES} generated in-assumption regimes`, async () => {
    expect(SEEDS).toBeGreaterThanOrEqual(expectationProfile().minSeeds);
    await fc.assert(
      fc.asyncProperty(inAssumptionRegime(CALIBRATED_IN_ASSUMPTION), fc.integer({ min: 10_000, max: 2 ** 30 }), async (regime, seedStart) => {
        for (const a of checkAssumptions(regime)) expect(a.holds, `${a.id}: ${a.detail}`).toBe(true);
        const seeds = { start: seedStart, count: SEEDS };
        const { rows } = await claimsOverSeeds(regime, EXPECT, seeds);
        const message = describeOutcome(regime, seeds, rows, 'properties/claims.inAssumption.test.ts');
        console.log(`[in-assumption] k=${regime.k} d=${regime.d} P=${regime.P} sNR=${regime.sNR} m=${regime.m} T=${regime.T}\n${message.split('\n').slice(0, rows.length).join('\n')}`);
        for (const row of rows) expect(row.met, message).toBe(true);
      }),
      { numRuns: REGIMES, endOnFailure: true },
    );
  });
});

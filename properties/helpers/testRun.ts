/**
 * The test run: its profile (`default` is what `npm test` and CI run, budgeted for 15 minutes on 2
 * cores; `full`, PROVABLY_PROFILE=full, runs larger regimes, more seeds and more cases), what that
 * profile spends on fast-check, and the one fast-check seed of the run.
 */
import type { ProfileName } from '../../src/claims/expectations.js';

/** What a test run's profile spends on fast-check. */
export interface TestBudget {
  profile: ProfileName;
  /** fast-check runs for cheap invariant properties that set no numRuns of their own. */
  defaultNumRuns: number;
  /** Training-based properties do not shrink by default: each shrink step retrains networks. */
  endOnFailure: boolean;
}

/** The budget of this test run, from PROVABLY_PROFILE. */
export function testBudget(): TestBudget {
  const profile = process.env.PROVABLY_PROFILE === 'full' ? 'full' : 'default';
  return profile === 'full' ? { profile, defaultNumRuns: 300, endOnFailure: false } : { profile, defaultNumRuns: 100, endOnFailure: false };
}

let cached: number | null = null;

/** The fast-check seed of this test run: PROVABLY_FC_SEED (set once per run by the global setup), or one drawn here. */
export function fastCheckSeed(): number {
  if (cached !== null) return cached;
  const env = process.env.PROVABLY_FC_SEED;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isSafeInteger(n))
      throw new Error(`PROVABLY_FC_SEED = "${env}" is not an integer. Fix: set it to an integer, e.g. PROVABLY_FC_SEED=42.`);
    cached = n;
  } else {
    // Deliberately unseeded: this draws the seed that everything else derives from. The global setup
    // (properties/globalSetup.ts) draws it once per run and logs it; files then inherit it.
    cached = Math.floor(Math.random() * 2 ** 31);
  }
  return cached;
}

/**
 * Timeout of a training property that draws from the in-assumption region. Inside A8 (eta ≤ 0.03,
 * T ≈ 2000) a run trains 3.3 times as many steps as at eta = 0.1: such a test took 250–315 s on 2
 * cores, so the suite's 300 s default would fail it on a busier machine for no reason its name gives.
 */
export function trainingPropertyTimeoutMs(): number {
  return testBudget().profile === 'full' ? 3_600_000 : 1_200_000;
}

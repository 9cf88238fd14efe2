import { regimeFromPartial } from '../regime/load.js';
import type { GivenValue } from '../regime/defaults.js';
import type { Regime, SeededRegime } from '../regime/types.js';

/**
 * The cheap regime the claim checks train in: inside A0–A7 (eta = 0.1 is above A8's measured bound
 * 0.03; at that step it costs T = 300 steps), full-batch, under a second per seed
 * for ST and AT together. Smaller is not automatically cheaper (the float64 reference: one-step AT can stall),
 * so it was calibrated over seeds. With our engine (runExperiment, seeds 1000–1063, random basis)
 * ST-1 held in 63/64 seeds and ST-2 … AT-3 in 64/64; through the conformance driver with our
 * reference trainer ({@link claimRegimes}: seeds 1000–1063, bases alternating) all six held in 64/64.
 * The choices that matter: q = 2 lets A1 hold with only 11 non-robust patches (P = 12), and m = 12
 * neurons per class (the A6 maximum, ln(32)² ≈ 12) keep AT from stalling (m = 4 stalled in 5/32
 * seeds). Isotropic noise is left out: with it AT-2 held in only 7/64.
 */
export const CLAIM_REGIME_GIVEN: Readonly<Partial<Record<keyof Regime, GivenValue>>> = Object.freeze({
  k: 2,
  d: 32,
  P: 12,
  sR: 1,
  sNR: 11,
  alphaMin: 1,
  alphaMax: 1,
  betaMin: 0.45,
  betaMax: 0.45,
  sigmaN: 'eps / sqrt(d)',
  eps: 0.45,
  noise: 'orthogonal',
  featureBasis: 'random',
  nTrain: 40,
  nTest: 100,
  m: 12,
  q: 2,
  rho: 0.1,
  sigma0: 0.01,
  eta: 0.1,
  T: 300,
  K: 1,
  stepSize: 'eps',
  evalSteps: 10,
});

/** The seeds {@link CLAIM_REGIME_GIVEN} was calibrated on: 1000–1063. */
export const CLAIM_CALIBRATION_SEEDS = Object.freeze({ first: 1000, count: 64 });

/**
 * First seed of the claim runs (seeds are consecutive from here): 7000, so that the seeds a trainer
 * is judged on (7000–7029 in the full profile) are disjoint from the calibration seeds. @defaultValue 7000
 */
export const CLAIM_FIRST_SEED = 7000;

/**
 * The regimes of the claim checks: {@link CLAIM_REGIME_GIVEN} with `over` applied (validated like a
 * scenario file), at `count` consecutive seeds. The feature basis alternates between "random" and
 * "standard" unless `over` fixes it, so the runs cover both.
 *
 * @throws ScenarioError when `over` makes the regime invalid (the error lists every issue)
 */
export function claimRegimes(
  count: number,
  over: Readonly<Partial<Record<keyof Regime, GivenValue>>> = {},
  firstSeed = CLAIM_FIRST_SEED,
): SeededRegime[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`claimRegimes: count = ${count} must be an integer ≥ 1`);
  const bases = (['random', 'standard'] as const).map((featureBasis) =>
    regimeFromPartial({ ...CLAIM_REGIME_GIVEN, featureBasis, ...over }),
  );
  return Array.from({ length: count }, (_, i) => ({ ...bases[i % 2], seed: firstSeed + i }));
}

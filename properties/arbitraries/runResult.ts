/**
 * fast-check arbitraries of synthetic run results, for properties of everything downstream of
 * training (claims, aggregates, reports, JSON) without training anything.
 *
 * Values are biased towards what makes claims interesting: numbers near and exactly at the default
 * thresholds of docs/claims.md, accuracies as count/n of one shared test set (so ties are exact), and,
 * unless disabled, NaN and ±Infinity in the feature measures, as a diverged run would leave them.
 * Traces are empty: nothing downstream of a verdict reads them. Everything is plain data, so
 * generated values can be deep-compared and structuredClone'd.
 */
import fc from 'fast-check';
import type { BackendName, Manifest, RunResult } from '../../src/experiment/types.js';
import type { EnergyShares, FinalMeasurements, Proportion, RobustAccuracies } from '../../src/measure/types.js';
import type { SeededRegime } from '../../src/regime/types.js';
import { proportion } from '../../src/stats/wilson.js';

/** Options of {@link runResultArbitrary}. */
export interface RunResultArbitraryOptions {
  /** Fix `interrupted`; when undefined it is true in about 1 run in 6. */
  interrupted?: boolean;
  /** Fix whether ST / AT diverged; when undefined each diverges in about 1 run in 8. */
  diverged?: { st?: boolean; at?: boolean };
  /** Allow NaN and ±Infinity in feature measures and energy shares. @defaultValue true */
  nonFinite?: boolean;
}

/** The `paper-small` regime of docs/model.md#reference-regime, fully evaluated. */
export const PAPER_SMALL: Readonly<Omit<SeededRegime, 'seed'>> = Object.freeze({
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
  noise: 'orthogonal',
  featureBasis: 'random',
  nTrain: 100,
  nTest: 200,
  m: 5,
  q: 3,
  rho: 0.1,
  sigma0: 0.01,
  eta: 0.1,
  T: 600,
  batchSize: null,
  logEvery: 10,
  norm: 'patch-l2',
  eps: 0.45,
  K: 1,
  stepSize: 0.45,
  randomStart: false,
  evalSteps: 20,
  evalStepSize: 0.1125,
});

const MANIFEST: Manifest = {
  backend: 'cpu' satisfies BackendName,
  backendVersion: 'synthetic',
  precision: 'float32',
  threads: 1,
  node: 'synthetic',
  cpu: 'synthetic',
  started: '1970-01-01T00:00:00.000Z',
  wallSeconds: 0,
};

/** Values at which default thresholds and Λ̂ guards bite, so ties and near-ties are common. */
const SPECIAL = [0, 0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1, 2, 3, 5, -0.01];

/** A feature measure (Λ, Γ, …): mostly in [−0.05, 2], sometimes special or non-finite. */
export function measureArbitrary(nonFinite = true): fc.Arbitrary<number> {
  const parts: fc.WeightedArbitrary<number>[] = [
    { arbitrary: fc.double({ min: -0.05, max: 2, noNaN: true }), weight: 6 },
    { arbitrary: fc.constantFrom(...SPECIAL), weight: 3 },
  ];
  if (nonFinite) parts.push({ arbitrary: fc.constantFrom(NaN, Infinity, -Infinity), weight: 1 });
  return fc.oneof(...parts);
}

/** A proportion of `n` trials, with counts biased to 0, n and the default thresholds. */
export function proportionArbitrary(n: number, highBias = false): fc.Arbitrary<Proportion> {
  const atThresholds = [0, 0.2, 0.5, 0.8, 0.9, 0.95, 1].map((r) => Math.round(r * n));
  const count = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: n }), weight: highBias ? 1 : 4 },
    { arbitrary: fc.constantFrom(...atThresholds), weight: 2 },
    // High-biased proportions (training accuracy) mostly pass R1 (≥ 0.95), so that claims are reached.
    { arbitrary: fc.integer({ min: Math.ceil((highBias ? 0.95 : 0.9) * n), max: n }), weight: highBias ? 8 : 1 },
  );
  return count.map((c) => proportion(c, n));
}

/** Energy shares summing to 1, sometimes exactly at 0.5 in span{v}, sometimes NaN. */
export function energyArbitrary(nonFinite = true): fc.Arbitrary<EnergyShares> {
  const normalised = fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    )
    .map(([a, b, c]) => {
      const s = a + b + c;
      return s > 0 ? { v: a / s, u: b / s, rest: c / s } : { v: 0, u: 0, rest: 1 };
    });
  const parts: fc.WeightedArbitrary<EnergyShares>[] = [
    { arbitrary: normalised, weight: 6 },
    { arbitrary: fc.constantFrom({ v: 0.5, u: 0.25, rest: 0.25 }, { v: 0.96, u: 0.01, rest: 0.03 }), weight: 2 },
  ];
  if (nonFinite) parts.push({ arbitrary: fc.constant({ v: NaN, u: NaN, rest: NaN }), weight: 1 });
  return fc.oneof(...parts);
}

function robustArbitrary(nTest: number): fc.Arbitrary<RobustAccuracies> {
  return fc
    .record({
      featureUntargeted: proportionArbitrary(nTest),
      featureTargeted: proportionArbitrary(nTest),
      feature: proportionArbitrary(nTest),
      pgd: proportionArbitrary(nTest),
    })
    .map((r) => ({ ...r, worst: r.pgd.count <= r.feature.count ? r.pgd : r.feature }));
}

/** Final measurements of one training, on a test set of `nTest` and a training set of `nTrain`. */
export function finalMeasurementsArbitrary(
  regime: { k: number; T: number; nTest: number; nTrain: number },
  options: { diverged?: boolean; nonFinite?: boolean } = {},
): fc.Arbitrary<FinalMeasurements> {
  const nonFinite = options.nonFinite ?? true;
  const diverged =
    options.diverged === undefined
      ? fc.oneof({ arbitrary: fc.constant(false), weight: 7 }, { arbitrary: fc.constant(true), weight: 1 })
      : fc.constant(options.diverged);
  const divergence = fc.record({
    step: fc.integer({ min: 1, max: regime.T }),
    reason: fc.constantFrom('non-finite loss', 'non-finite weights'),
  });
  return fc
    .record({
      lambda: measureArbitrary(nonFinite),
      gamma: measureArbitrary(nonFinite),
      xi: fc.double({ min: 0, max: 5, noNaN: true }),
      loss: fc.double({ min: 0, max: 5, noNaN: true }),
      cleanTestLoss: fc.double({ min: 0, max: 5, noNaN: true }),
      pgdTestLoss: fc.double({ min: 0, max: 20, noNaN: true }),
      trainAcc: proportionArbitrary(regime.nTrain, true),
      testAcc: proportionArbitrary(regime.nTest, true),
      robust: robustArbitrary(regime.nTest),
      energy: energyArbitrary(nonFinite),
      diverged: diverged.chain((d) => (d ? divergence : fc.constant(null))),
    })
    .map((m) => ({
      ...m,
      lambdaMean: m.lambda / 2,
      gammaMean: m.gamma / 2,
      lambdaPerClass: Array.from({ length: regime.k }, () => m.lambda),
      gammaPerClass: Array.from({ length: regime.k }, () => m.gamma),
      // A diverged training stopped where it diverged; otherwise it ran its T steps.
      steps: m.diverged !== null ? m.diverged.step : regime.T,
    }));
}

/** A synthetic {@link RunResult} on the paper-small regime with a random seed and test-set size. */
export function runResultArbitrary(options: RunResultArbitraryOptions = {}): fc.Arbitrary<RunResult> {
  const nonFinite = options.nonFinite ?? true;
  const interrupted =
    options.interrupted === undefined
      ? fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 })
      : fc.constant(options.interrupted);
  return (
    fc
      .record({
        seed: fc.nat({ max: 2 ** 31 - 1 }),
        nTest: fc.constantFrom(200, 100, 50, 7),
        nTrain: fc.constantFrom(100, 60, 20),
      })
      .chain(({ seed, nTest, nTrain }) => {
        const regime: SeededRegime = { ...PAPER_SMALL, nTest, nTrain, seed };
        return fc.record({
          regime: fc.constant(regime),
          init: fc.record({
            lambda: fc.oneof(
              { arbitrary: fc.double({ min: -0.01, max: 0.05, noNaN: true }), weight: 4 },
              { arbitrary: fc.constantFrom(0.01, 0.02, 0), weight: 1 },
            ),
            gamma: fc.double({ min: -0.01, max: 0.05, noNaN: true }),
            lambdaMean: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
            gammaMean: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
            xi: fc.double({ min: 0, max: 0.1, noNaN: true }),
          }),
          st: finalMeasurementsArbitrary(regime, { diverged: options.diverged?.st, nonFinite }),
          at: finalMeasurementsArbitrary(regime, { diverged: options.diverged?.at, nonFinite }),
          traces: fc.constant<RunResult['traces']>({ st: [], at: [] }),
          interrupted,
          manifest: fc.constant(MANIFEST),
        });
      })
      // Fresh objects per value: fc.constant shares one instance, and tests mutate-check results.
      .map((r): RunResult => structuredClone(r))
  );
}

/**
 * A fixed, plausible run in the spirit of the reference regime's individual runs (docs/model.md#reference-regime): ST learns v (Γ 0.7, Λ 0.015),
 * is accurate (200/200) but not robust (feature 40/200), 96 % of its PGD energy in span{v}; AT
 * learns u (Λ 0.6, Γ 0.1), is accurate, feature-robust at 100/200 and PGD-robust at 0/200. With
 * default thresholds ST-1…AT-3 hold and AT-4 fails. `patch` edits a fresh copy, so tests can
 * change one number and see one claim move.
 */
export function paperLikeResult(patch: (r: RunResult) => void = () => {}): RunResult {
  const measures = (lambda: number, gamma: number, robustFeature: number, vShare: number): FinalMeasurements => ({
    lambda,
    gamma,
    lambdaMean: lambda / 2,
    gammaMean: gamma / 2,
    lambdaPerClass: [lambda, lambda, lambda],
    gammaPerClass: [gamma, gamma, gamma],
    xi: 0.05,
    steps: 600,
    loss: 0.01,
    cleanTestLoss: 0.02,
    pgdTestLoss: 3,
    trainAcc: proportion(100, 100),
    testAcc: proportion(200, 200),
    robust: {
      featureUntargeted: proportion(robustFeature + 10, 200),
      featureTargeted: proportion(robustFeature + 5, 200),
      feature: proportion(robustFeature, 200),
      pgd: proportion(0, 200),
      worst: proportion(0, 200),
    },
    energy: { v: vShare, u: 0.01, rest: 1 - vShare - 0.01 },
    diverged: null,
  });
  const r: RunResult = {
    regime: { ...PAPER_SMALL, seed: 0 },
    init: { lambda: 0.01, gamma: 0.01, lambdaMean: 0, gammaMean: 0, xi: 0.03 },
    st: measures(0.015, 0.7, 40, 0.96),
    at: measures(0.6, 0.1, 100, 0.4),
    traces: { st: [], at: [] },
    interrupted: false,
    manifest: { ...MANIFEST },
  };
  patch(r);
  return r;
}

/**
 * fast-check arbitraries for regimes (the search and the calibration draw from them; the test suite's
 * generators of broken scenario files live in properties/arbitraries/).
 *
 * The regime arbitraries never filter. Each draws independent "genes" (integers in a range, fractions
 * in [0, 1]) and maps them through a derivation that satisfies its constraints BY CONSTRUCTION:
 * `eps` from the noise scale (A4), `betaMax ≤ eps` (A2), `alphaMin ≥ 2·eps` (A3), `sNR` large enough
 * for A1, `m ≤ ln(d)²` (A6), `sigma0` capped by A5, `eta` capped by A8, and A7's algorithm fixed.
 * Because fast-check shrinks the genes and re-applies the derivation, every shrink is valid too.
 * Every range is an option with a default, so a calibration step can move them; options are checked
 * eagerly, and an impossible combination is an error that names the option and the fix.
 */
import fc from 'fast-check';
import { checkA1, checkA1Reversed, uniformMoment } from './assumptions.js';
import { KEY_SPECS, SIZE_LIMITS } from './schema.js';
import { A1_RATIO, A2_FACTOR, A3_FACTOR, A4_MAX, A4_MIN, A5_FACTOR, A6_D_PER_K, A6_LOG_POWER, A6_M_MIN, A8_ETA_MAX } from './thresholds.js';
import { REGIME_KEYS, type FeatureBasis, type NoiseKind, type PerturbationNorm, type Regime } from './types.js';

/** A closed interval `[lo, hi]`. */
export type Range = readonly [lo: number, hi: number];

/** Ranges shared by the assumption-respecting arbitraries. Each is `[lo, hi]`, inclusive. */
export interface RegimeRanges {
  /** Classes. @defaultValue [2, 3] */
  k?: Range;
  /** Patch dimension; the lower end is raised to 4k (A6). @defaultValue [32, 96] */
  d?: Range;
  /** Patches per input; raised where A1 needs more non-robust patches. @defaultValue [32, 64] */
  P?: Range;
  /** Noise standard deviation (> 0: A4 needs a noise scale). @defaultValue [0.03, 0.08] */
  sigmaN?: Range;
  /** `eps/(sigmaN·√d)`, inside A4's [0.1, 10]. @defaultValue [0.8, 1.25] */
  epsRatio?: Range;
  /** `alphaMin/eps`, at least 2 (A3). @defaultValue [2, 2.3] */
  alphaFactor?: Range;
  /** `alphaMax/alphaMin`, at least 1. @defaultValue [1, 1.05] */
  alphaSpread?: Range;
  /** `betaMax/eps`, at most 1 (A2). @defaultValue [0.88, 1] */
  betaFactor?: Range;
  /** `betaMin/betaMax`, in (0, 1]. @defaultValue [0.9, 1] */
  betaSpread?: Range;
  /** Smoothed-ReLU degree (A1 uses τ = q). @defaultValue [2, 3] */
  q?: Range;
  /** Smoothed-ReLU threshold. @defaultValue [0.05, 0.2] */
  rho?: Range;
  /** Neurons per class; the upper end is capped by ln(d)² (A6). @defaultValue [3, 8] */
  m?: Range;
  /** Initialisation scale; capped by A5. @defaultValue [0.002, 0.02] */
  sigma0?: Range;
  /** Learning rate; capped by A8. @defaultValue [0.01, 0.03] */
  eta?: Range;
  /** Training steps. @defaultValue [300, 2000] */
  T?: Range;
  /** Training samples. @defaultValue [40, 120] */
  nTrain?: Range;
  /** Test samples. @defaultValue [100, 200] */
  nTest?: Range;
  /** Noise covariances drawn from. @defaultValue ["orthogonal", "isotropic"] */
  noise?: readonly NoiseKind[];
  /** Feature bases drawn from. @defaultValue ["random", "standard"] */
  featureBasis?: readonly FeatureBasis[];
}

/** Options of {@link inAssumptionRegime}. */
export interface InAssumptionOptions extends RegimeRanges {
  /** Robust patches wanted; lowered when A1 cannot fit it into P. @defaultValue [1, 2] */
  sR?: Range;
}

/** Options of {@link reversedA1Regime}. */
export interface ReversedA1Options extends RegimeRanges {
  /** Robust patches (dense). @defaultValue [10, 24] */
  sR?: Range;
  /** Non-robust patches (sparse, ≥ 1 so that A0 holds); lowered when reversed A1 or P requires. @defaultValue [1, 8] */
  sNR?: Range;
}

/** The defaults of {@link RegimeRanges}. */
export const DEFAULT_REGIME_RANGES: Readonly<Required<RegimeRanges>> = Object.freeze({
  k: [2, 3],
  d: [32, 96],
  P: [32, 64],
  sigmaN: [0.03, 0.08],
  epsRatio: [0.8, 1.25],
  alphaFactor: [2, 2.3],
  alphaSpread: [1, 1.05],
  betaFactor: [0.88, 1],
  betaSpread: [0.9, 1],
  q: [2, 3],
  rho: [0.05, 0.2],
  m: [3, 8],
  sigma0: [0.002, 0.02],
  eta: [0.01, 0.03],
  T: [300, 2000],
  nTrain: [40, 120],
  nTest: [100, 200],
  noise: ['orthogonal', 'isotropic'],
  featureBasis: ['random', 'standard'],
} satisfies Required<RegimeRanges>);

// Uniform on [0, 1] in 2^-30 steps. fc.double spreads its draws over bit patterns (91 % fall below
// 0.01), which would put every derived parameter at the bottom of its range.
const unit = () => fc.integer({ min: 0, max: 2 ** 30 }).map((i) => i / 2 ** 30);
/** `lo + u·(hi − lo)`, clamped: rounding must never leave the range a constraint depends on. */
const lerp = ([lo, hi]: Range, u: number) => Math.min(hi, Math.max(lo, lo + u * (hi - lo)));
const lerpInt = (lo: number, hi: number, u: number) => Math.min(hi, Math.max(lo, lo + Math.round(u * (hi - lo))));
const floorLnPow = (d: number) => Math.floor(Math.pow(Math.log(d), A6_LOG_POWER));

function fail(api: string, option: string, problem: string, fix: string): never {
  throw new RangeError(`${api}: options.${option} ${problem} — ${fix}`);
}

function checkRange(api: string, name: string, r: Range, opts: { min?: number; max?: number; int?: boolean } = {}): void {
  const [lo, hi] = r;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    fail(api, name, `= [${lo}, ${hi}] is not a finite range with lo ≤ hi`, 'pass [lo, hi] with lo ≤ hi');
  }
  if (opts.int && !(Number.isInteger(lo) && Number.isInteger(hi))) fail(api, name, `= [${lo}, ${hi}] must hold integers`, 'use integers');
  if (opts.min !== undefined && lo < opts.min)
    fail(api, name, `= [${lo}, ${hi}] goes below ${opts.min}`, `raise its lower end to at least ${opts.min}`);
  if (opts.max !== undefined && hi > opts.max)
    fail(api, name, `= [${lo}, ${hi}] goes above ${opts.max}`, `lower its upper end to at most ${opts.max}`);
}

/** Validates the shared ranges against A2–A8 and the schema's caps; returns them with defaults filled. */
function resolveRanges(api: string, options: RegimeRanges): Required<RegimeRanges> {
  const o = { ...DEFAULT_REGIME_RANGES, ...options } as Required<RegimeRanges>;
  checkRange(api, 'k', o.k, { min: 2, max: SIZE_LIMITS.k, int: true });
  checkRange(api, 'd', o.d, { min: 1, max: SIZE_LIMITS.d, int: true });
  if (o.d[1] < A6_D_PER_K * o.k[1])
    fail(
      api,
      'd',
      `= [${o.d}] cannot reach d ≥ ${A6_D_PER_K}k = ${A6_D_PER_K * o.k[1]} (A6)`,
      `raise d[1] to at least ${A6_D_PER_K * o.k[1]}`,
    );
  checkRange(api, 'P', o.P, { min: 1, max: SIZE_LIMITS.P, int: true });
  checkRange(api, 'sigmaN', o.sigmaN, { min: Number.MIN_VALUE, max: SIZE_LIMITS.scale });
  checkRange(api, 'epsRatio', o.epsRatio, { min: A4_MIN, max: A4_MAX });
  checkRange(api, 'alphaFactor', o.alphaFactor, { min: A3_FACTOR });
  checkRange(api, 'alphaSpread', o.alphaSpread, { min: 1 });
  checkRange(api, 'betaFactor', o.betaFactor, { min: Number.MIN_VALUE, max: A2_FACTOR });
  checkRange(api, 'betaSpread', o.betaSpread, { min: Number.MIN_VALUE, max: 1 });
  checkRange(api, 'q', o.q, { min: 2, max: SIZE_LIMITS.q });
  checkRange(api, 'rho', o.rho, { min: Number.MIN_VALUE, max: SIZE_LIMITS.scale });
  checkRange(api, 'm', o.m, { min: A6_M_MIN, max: SIZE_LIMITS.m, int: true });
  const dLowest = Math.max(o.d[0], A6_D_PER_K * o.k[0]);
  if (o.m[0] > floorLnPow(dLowest)) {
    fail(
      api,
      'm',
      `= [${o.m}] starts above ln(d)² = ${floorLnPow(dLowest)} at the smallest d = ${dLowest} (A6)`,
      `lower m[0] or raise d[0]`,
    );
  }
  checkRange(api, 'sigma0', o.sigma0, { min: Number.MIN_VALUE, max: SIZE_LIMITS.scale });
  checkRange(api, 'eta', o.eta, { min: Number.MIN_VALUE, max: A8_ETA_MAX });
  checkRange(api, 'T', o.T, { min: 1, max: SIZE_LIMITS.T, int: true });
  checkRange(api, 'nTrain', o.nTrain, { min: 1, max: SIZE_LIMITS.nTrain, int: true });
  checkRange(api, 'nTest', o.nTest, { min: 1, max: SIZE_LIMITS.nTest, int: true });
  if ((o.nTrain[1] + o.nTest[1]) * Math.max(o.P[1], 1) * o.d[1] > SIZE_LIMITS.dataElements) {
    fail(api, 'nTrain', 'with nTest, P and d exceeds the data size cap', 'narrow the size ranges');
  }
  if (o.noise.length === 0) fail(api, 'noise', 'is empty', 'list at least one noise kind');
  if (o.featureBasis.length === 0) fail(api, 'featureBasis', 'is empty', 'list at least one basis');
  return o;
}

/** The largest `E[α^q]/E[β^q]` the ranges allow: `(alphaMax/betaMin)^q` at the extremes. */
function worstMomentRatio(o: Required<RegimeRanges>): number {
  const base = (o.alphaFactor[1] * o.alphaSpread[1]) / (o.betaFactor[0] * o.betaSpread[0]);
  return Math.pow(base, base >= 1 ? o.q[1] : o.q[0]);
}

const sharedGenes = (o: Required<RegimeRanges>) => ({
  k: fc.integer({ min: o.k[0], max: o.k[1] }),
  uD: unit(),
  uQ: unit(),
  uRho: unit(),
  uSigmaN: unit(),
  uEpsRatio: unit(),
  uAlpha: unit(),
  uAlphaSpread: unit(),
  uBeta: unit(),
  uBetaSpread: unit(),
  uM: unit(),
  uSigma0: unit(),
  uEta: unit(),
  P: fc.integer({ min: o.P[0], max: o.P[1] }),
  T: fc.integer({ min: o.T[0], max: o.T[1] }),
  nTrain: fc.integer({ min: o.nTrain[0], max: o.nTrain[1] }),
  nTest: fc.integer({ min: o.nTest[0], max: o.nTest[1] }),
  noise: fc.constantFrom(...o.noise),
  featureBasis: fc.constantFrom(...o.featureBasis),
});
type SharedGenes = {
  [K in keyof ReturnType<typeof sharedGenes>]: ReturnType<typeof sharedGenes>[K] extends fc.Arbitrary<infer T> ? T : never;
};

/** Everything but sR, sNR, P, derived so that A2–A8 hold (A1 is settled by the caller). */
function deriveShared(g: SharedGenes, o: Required<RegimeRanges>): Omit<Regime, 'sR' | 'sNR' | 'P'> {
  const k = g.k;
  const dLo = Math.max(o.d[0], A6_D_PER_K * k); // A6: d ≥ 4k
  const d = lerpInt(dLo, Math.max(o.d[1], dLo), g.uD);
  const q = lerp(o.q, g.uQ);
  const rho = lerp(o.rho, g.uRho);
  const sigmaN = lerp(o.sigmaN, g.uSigmaN);
  // A4 on the ratio, kept a hair inside its closed bounds so that recomputing eps/(sigmaN·√d) with
  // different rounding still lands inside.
  const ratio = Math.min(A4_MAX * (1 - 1e-12), Math.max(A4_MIN * (1 + 1e-12), lerp(o.epsRatio, g.uEpsRatio)));
  const eps = ratio * (sigmaN * Math.sqrt(d));
  // A2 and A3 by monotone rounding: fl(eps·f) ≤ eps for f ≤ 1, and ≥ 2·eps (exact) for f ≥ 2.
  const betaMax = eps * lerp(o.betaFactor, g.uBeta);
  const betaMin = betaMax * lerp(o.betaSpread, g.uBetaSpread);
  const alphaMin = eps * lerp(o.alphaFactor, g.uAlpha);
  const alphaMax = alphaMin * lerp(o.alphaSpread, g.uAlphaSpread);
  // A6: m ≤ floor(ln(d)²) ≤ ln(d)².
  const m = lerpInt(o.m[0], Math.max(o.m[0], Math.min(o.m[1], floorLnPow(d))), g.uM);
  // A5 and A8 by capping with the very expressions the checks evaluate.
  const sigma0 = Math.min(lerp(o.sigma0, g.uSigma0), A5_FACTOR * Math.min(alphaMin, betaMin));
  const eta = Math.min(lerp(o.eta, g.uEta), A8_ETA_MAX);
  const T = g.T;
  return {
    k,
    d,
    alphaMin,
    alphaMax,
    betaMin,
    betaMax,
    sigmaN,
    noise: g.noise,
    featureBasis: g.featureBasis,
    nTrain: g.nTrain,
    nTest: g.nTest,
    m,
    q,
    rho,
    sigma0,
    eta,
    T,
    batchSize: null,
    logEvery: Math.ceil(T / 60),
    // A7: the paper's one-step algorithm.
    norm: 'patch-l2',
    eps,
    K: 1,
    stepSize: eps,
    randomStart: false,
    evalSteps: 20,
    evalStepSize: eps / 4,
  };
}

/** With the moments of a regime: is A1 true for (sR, sNR)? The same arithmetic as {@link checkA1}. */
function a1Holds(base: Omit<Regime, 'sR' | 'sNR' | 'P'>, sR: number, sNR: number): boolean {
  return checkA1({ ...base, sR, sNR, P: sR + sNR }).holds;
}

/** The fewest non-robust patches for which A1 holds with `sR` robust ones. */
function minSNR(base: Omit<Regime, 'sR' | 'sNR' | 'P'>, sR: number): number {
  const ea = uniformMoment(base.alphaMin, base.alphaMax, base.q);
  const eb = uniformMoment(base.betaMin, base.betaMax, base.q);
  let s = Math.max(0, Math.ceil((sR * ea) / (A1_RATIO * eb)));
  while (!a1Holds(base, sR, s)) s++; // the closed form can be off by one in floating point
  while (s > 0 && a1Holds(base, sR, s - 1)) s--;
  return s;
}

/**
 * Regimes inside A1–A8, across a real range of every parameter, at cheap sizes (see
 * {@link RegimeRanges} for the ranges and their defaults). Every generated regime, and every shrink
 * of one, satisfies A1–A8 by construction. Throws a RangeError at construction, naming the option,
 * if the ranges cannot satisfy the assumptions (e.g. `P` too small for A1 at the extreme α/β).
 */
export function inAssumptionRegime(options: InAssumptionOptions = {}): fc.Arbitrary<Regime> {
  const api = 'inAssumptionRegime';
  const o = resolveRanges(api, options);
  const sRRange = options.sR ?? ([1, 2] as const);
  checkRange(api, 'sR', sRRange, { min: 1, max: SIZE_LIMITS.P, int: true });
  // The sparsest A1 regime needs sR = 1 and sNR ≥ 2·(E[α^q]/E[β^q]); the +2 absorbs rounding.
  const needP = 1 + Math.ceil(worstMomentRatio(o) / A1_RATIO) + 2;
  if (needP > o.P[1]) {
    fail(
      api,
      'P',
      `= [${o.P}] cannot fit A1 at the extreme α/β of the ranges (needs P up to ${needP})`,
      `raise P[1] to ${needP}, or narrow alphaFactor, alphaSpread, betaFactor, betaSpread or q`,
    );
  }
  return fc.record({ ...sharedGenes(o), sR: fc.integer({ min: sRRange[0], max: sRRange[1] }), uSNR: unit() }).map((g): Regime => {
    const base = deriveShared(g, o);
    let sR = g.sR;
    while (sR > 1 && sR + minSNR(base, sR) > Math.max(g.P, o.P[1])) sR--; // fit A1 into P
    const need = minSNR(base, sR);
    const P = Math.max(g.P, sR + need);
    const sNR = need + lerpInt(0, P - sR - need, g.uSNR);
    return order({ ...base, sR, sNR, P });
  });
}

/**
 * Dense-robust regimes: A1 REVERSED (`sNR·E[β^q] ≤ 0.5·sR·E[α^q]`, robust patches the denser) with
 * A0 and A2–A8 held, as in `dense-robust` (docs/claims.md: ST-1 is expected to fail there). Valid by construction,
 * shrinks included.
 */
export function reversedA1Regime(options: ReversedA1Options = {}): fc.Arbitrary<Regime> {
  const api = 'reversedA1Regime';
  const o = resolveRanges(api, options);
  const sRRange = options.sR ?? ([10, 24] as const);
  const sNRRange = options.sNR ?? ([1, 8] as const);
  checkRange(api, 'sR', sRRange, { min: 1, max: SIZE_LIMITS.P, int: true });
  checkRange(api, 'sNR', sNRRange, { min: 1, max: SIZE_LIMITS.P, int: true });
  if (sRRange[1] > o.P[0]) fail(api, 'sR', `= [${sRRange}] exceeds the smallest P = ${o.P[0]}`, 'lower sR[1] or raise P[0]');
  return fc
    .record({
      ...sharedGenes(o),
      sR: fc.integer({ min: sRRange[0], max: sRRange[1] }),
      sNR: fc.integer({ min: sNRRange[0], max: sNRRange[1] }),
    })
    .map((g): Regime => {
      const base = deriveShared(g, o);
      const P = g.P;
      const sR = Math.min(g.sR, P - 1);
      let sNR = Math.max(1, Math.min(g.sNR, P - sR));
      while (sNR > 1 && !checkA1Reversed({ ...base, sR, sNR, P }).holds) sNR--;
      return order({ ...base, sR, sNR, P });
    });
}

/** Options of {@link anyRegime}: the ranges every key is drawn from. */
export interface AnyRegimeOptions {
  /** @defaultValue [2, 4] */ k?: Range;
  /** Lower end raised to 2k. @defaultValue [4, 96] */ d?: Range;
  /** @defaultValue [1, 64] */ P?: Range;
  /** @defaultValue [0.05, 2] */ alphaMin?: Range;
  /** `alphaMax/alphaMin`. @defaultValue [1, 2] */ alphaSpread?: Range;
  /** @defaultValue [0.05, 2] */ betaMin?: Range;
  /** `betaMax/betaMin`. @defaultValue [1, 2] */ betaSpread?: Range;
  /** @defaultValue [0, 0.2] */ sigmaN?: Range;
  /** @defaultValue [10, 120] */ nTrain?: Range;
  /** @defaultValue [20, 200] */ nTest?: Range;
  /** @defaultValue [1, 12] */ m?: Range;
  /** @defaultValue [2, 4] */ q?: Range;
  /** @defaultValue [0.01, 0.5] */ rho?: Range;
  /** @defaultValue [0.0001, 0.1] */ sigma0?: Range;
  /** @defaultValue [0.005, 1] */ eta?: Range;
  /** @defaultValue [10, 600] */ T?: Range;
  /** @defaultValue [0, 1.5] */ eps?: Range;
  /** @defaultValue [1, 5] */ K?: Range;
  /** `stepSize/eps`. @defaultValue [0, 1.5] */ stepFactor?: Range;
  /** @defaultValue [0, 40] */ evalSteps?: Range;
  /** `evalStepSize/eps`. @defaultValue [0, 1] */ evalStepFactor?: Range;
}

/** The defaults of {@link AnyRegimeOptions}. */
export const DEFAULT_ANY_RANGES: Readonly<Required<AnyRegimeOptions>> = Object.freeze({
  k: [2, 4],
  d: [4, 96],
  P: [1, 64],
  alphaMin: [0.05, 2],
  alphaSpread: [1, 2],
  betaMin: [0.05, 2],
  betaSpread: [1, 2],
  sigmaN: [0, 0.2],
  nTrain: [10, 120],
  nTest: [20, 200],
  m: [1, 12],
  q: [2, 4],
  rho: [0.01, 0.5],
  sigma0: [0.0001, 0.1],
  eta: [0.005, 1],
  T: [10, 600],
  eps: [0, 1.5],
  K: [1, 5],
  stepFactor: [0, 1.5],
  evalSteps: [0, 40],
  evalStepFactor: [0, 1],
} satisfies Required<AnyRegimeOptions>);

/**
 * Valid regimes (every rule of the schema holds) unconstrained by A1–A8: the space of
 * `search --space all`. Cheap sizes by default; every range is an option.
 */
export function anyRegime(options: AnyRegimeOptions = {}): fc.Arbitrary<Regime> {
  const api = 'anyRegime';
  const o = { ...DEFAULT_ANY_RANGES, ...options } as Required<AnyRegimeOptions>;
  const ints = ['k', 'd', 'P', 'nTrain', 'nTest', 'm', 'T', 'K', 'evalSteps'] as const;
  for (const key of Object.keys(DEFAULT_ANY_RANGES) as (keyof AnyRegimeOptions)[]) {
    const spec = (KEY_SPECS as Record<string, (typeof KEY_SPECS)[keyof Regime]>)[key];
    const lim = spec && (spec.kind === 'int' || spec.kind === 'number') ? spec : undefined;
    const positive = lim?.kind === 'number' && lim.exclusiveMin;
    checkRange(api, key, o[key], {
      int: (ints as readonly string[]).includes(key),
      min: lim ? (positive ? Number.MIN_VALUE : lim.min) : key.endsWith('Spread') ? 1 : 0,
      max: lim?.max,
    });
  }
  if (o.d[1] < 2 * o.k[1]) fail(api, 'd', `= [${o.d}] cannot reach d ≥ 2k = ${2 * o.k[1]}`, `raise d[1] to at least ${2 * o.k[1]}`);
  if ((o.nTrain[1] + o.nTest[1]) * o.P[1] * o.d[1] > SIZE_LIMITS.dataElements)
    fail(api, 'nTrain', 'with nTest, P and d exceeds the data size cap', 'narrow the size ranges');
  if (o.k[1] * o.m[1] * o.d[1] > SIZE_LIMITS.weightElements) fail(api, 'm', 'with k and d exceeds the weight size cap', 'narrow m, k or d');
  const norms: PerturbationNorm[] = ['patch-l2', 'l2', 'linf'];
  return fc
    .record({
      k: fc.integer({ min: o.k[0], max: o.k[1] }),
      uD: unit(),
      P: fc.integer({ min: o.P[0], max: o.P[1] }),
      uSR: unit(),
      uSNR: unit(),
      uAlphaMin: unit(),
      uAlphaSpread: unit(),
      uBetaMin: unit(),
      uBetaSpread: unit(),
      uSigmaN: unit(),
      noise: fc.constantFrom<NoiseKind>('orthogonal', 'isotropic'),
      featureBasis: fc.constantFrom<FeatureBasis>('random', 'standard'),
      nTrain: fc.integer({ min: o.nTrain[0], max: o.nTrain[1] }),
      nTest: fc.integer({ min: o.nTest[0], max: o.nTest[1] }),
      m: fc.integer({ min: o.m[0], max: o.m[1] }),
      uQ: unit(),
      uRho: unit(),
      uSigma0: unit(),
      uEta: unit(),
      T: fc.integer({ min: o.T[0], max: o.T[1] }),
      uBatch: fc.option(unit(), { nil: null }),
      uLogEvery: unit(),
      norm: fc.constantFrom(...norms),
      uEps: unit(),
      K: fc.integer({ min: o.K[0], max: o.K[1] }),
      uStep: unit(),
      randomStart: fc.boolean(),
      evalSteps: fc.integer({ min: o.evalSteps[0], max: o.evalSteps[1] }),
      uEvalStep: unit(),
    })
    .map((g): Regime => {
      const d = lerpInt(Math.max(o.d[0], 2 * g.k), Math.max(o.d[1], 2 * g.k), g.uD);
      const sR = lerpInt(0, g.P, g.uSR);
      const sNR = lerpInt(0, g.P - sR, g.uSNR);
      const alphaMin = lerp(o.alphaMin, g.uAlphaMin);
      const betaMin = lerp(o.betaMin, g.uBetaMin);
      const eps = lerp(o.eps, g.uEps);
      const T = g.T;
      return order({
        k: g.k,
        d,
        P: g.P,
        sR,
        sNR,
        alphaMin,
        alphaMax: Math.min(SIZE_LIMITS.scale, alphaMin * lerp(o.alphaSpread, g.uAlphaSpread)),
        betaMin,
        betaMax: Math.min(SIZE_LIMITS.scale, betaMin * lerp(o.betaSpread, g.uBetaSpread)),
        sigmaN: lerp(o.sigmaN, g.uSigmaN),
        noise: g.noise,
        featureBasis: g.featureBasis,
        nTrain: g.nTrain,
        nTest: g.nTest,
        m: g.m,
        q: lerp(o.q, g.uQ),
        rho: lerp(o.rho, g.uRho),
        sigma0: lerp(o.sigma0, g.uSigma0),
        eta: lerp(o.eta, g.uEta),
        T,
        batchSize: g.uBatch === null ? null : lerpInt(1, g.nTrain, g.uBatch),
        logEvery: lerpInt(1, Math.max(1, Math.ceil(T / 10)), g.uLogEvery),
        norm: g.norm,
        eps,
        K: g.K,
        stepSize: Math.min(SIZE_LIMITS.scale, eps * lerp(o.stepFactor, g.uStep)),
        randomStart: g.randomStart,
        evalSteps: g.evalSteps,
        evalStepSize: Math.min(SIZE_LIMITS.scale, eps * lerp(o.evalStepFactor, g.uEvalStep)),
      });
    });
}

/** The regime's keys in docs/scenario-keys.md order: equal regimes print and serialise identically. */
function order(r: Regime): Regime {
  return Object.fromEntries(REGIME_KEYS.map((k) => [k, r[k]])) as unknown as Regime;
}

/** A complete scenario object holding `regime` as plain numbers (the "numeric form"). */
export function scenarioObjectOf(regime: Regime, name = 'generated'): Record<string, unknown> {
  return { name, description: 'generated by provably arbitraries', expect: {}, seed: 0, ...order(regime) };
}

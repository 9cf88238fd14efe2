/**
 * The two search spaces of `provably search --space in|all`: a fast-check arbitrary that draws
 * regimes, the coordinates that climbing perturbs, the steps that shrinking tries, and a membership
 * test. Both default to CHEAP sizes (small k, d, P, nTrain, nTest, T): a counterexample is only
 * useful if it replays in seconds.
 */
import fc from 'fast-check';
import {
  anyRegime,
  DEFAULT_ANY_RANGES,
  DEFAULT_REGIME_RANGES,
  inAssumptionRegime,
  scenarioObjectOf,
  type AnyRegimeOptions,
  type InAssumptionOptions,
  type Range,
} from '../regime/arbitraries.js';
import { CALIBRATED_IN_ASSUMPTION } from '../calibration/ranges.js';
import { checkAssumptions } from '../regime/assumptions.js';
import { checkScenario } from '../regime/load.js';
import { A2_FACTOR, A3_FACTOR, A4_MAX, A4_MIN, A5_FACTOR, A6_D_PER_K, A6_LOG_POWER, A8_ETA_MAX } from '../regime/thresholds.js';
import type { Regime } from '../regime/types.js';
import {
  boolKey,
  clampRange,
  enumKey,
  intKey,
  realDim,
  withEps,
  withEpsRelative,
  withNTrain,
  withP,
  withT,
  type Dimension,
} from './dimensions.js';
import { REPAIRS } from './repairs.js';
import type { SpaceName } from './types.js';

/** One step of shrinking: candidates smaller than `r` along one coordinate, or one repair. */
export interface ShrinkStep {
  readonly id: string;
  candidates(r: Regime): Regime[];
}

/** A search space. */
export interface SearchSpace {
  readonly name: SpaceName;
  /** Draws the regimes of the random phase. */
  readonly arbitrary: fc.Arbitrary<Regime>;
  /** What climbing perturbs, one at a time. */
  readonly dimensions: readonly Dimension[];
  /** What shrinking tries, in order, pass after pass. */
  readonly shrinkSteps: readonly ShrinkStep[];
  /** Null when `r` belongs to the space; otherwise why not (one line). */
  rejects(r: Regime): string | null;
  /** The ranges the space was built with, recorded in the search state. */
  readonly ranges: Readonly<Record<string, unknown>>;
}

/**
 * Ranges of `--space all`. Sizes are cheap: a tiny regime trains in well under a second, so hundreds
 * fit in a few minutes on 2 cores. The scales keep away from the degenerate corners of
 * `anyRegime`'s defaults, where nothing is learned within the cheap `T ≤ 300` steps (no noise and
 * no radius, features of size 0.05, `eta = 0.005`, so `eta·T < 2`): a network that fits easy data
 * without its features leaving their initial size fails ST-1 for no reason the paper is about. The
 * ranges still reach far outside A2–A8 (`eta` up to 1, radii from 0.05 to 1.5 whatever the features,
 * any attack, mini-batches).
 */
export const CHEAP_ALL_RANGES: Readonly<AnyRegimeOptions> = Object.freeze({
  k: [2, 3],
  d: [8, 32],
  P: [1, 16],
  nTrain: [16, 48],
  nTest: [32, 64],
  m: [1, 6],
  T: [80, 300],
  K: [1, 3],
  evalSteps: [1, 20],
  alphaMin: [0.3, 2],
  betaMin: [0.3, 2],
  sigmaN: [0.02, 0.2],
  eps: [0.05, 1.5],
  eta: [0.1, 1],
  rho: [0.05, 0.5],
  sigma0: [0.001, 0.1],
  stepFactor: [0.1, 1.5],
  evalStepFactor: [0.1, 1],
} satisfies AnyRegimeOptions);

/**
 * Cheap ranges of `--space in`: the calibrated region (src/calibration/ranges.ts), chosen from
 * measurement so that a counterexample found here is about the claim, not about an adversarial
 * training that never started (R4): AT stalled on 2 of 120 runs (4 regimes × 30 seeds) of
 * `npm run calibrate -- --region in --regimes 4 --seeds 30 --seed-start 8000 --backend node --jobs 2`
 * (docs/calibration.md, "The regions"), within the ≤ 10 % the search needs. Inside A8's measured
 * bound (eta 0.027–0.03), a search run costs about 3.3 times what it did at eta 0.1. Wider cheap ranges were
 * measured and rejected: k 2–3, d 28–40, P 24–48, m at A6's ceiling, eta 0.05–0.1, T 400–800 and
 * the default scales stalled AT on 10 of 19 regimes drawn (docs/calibration/search-in-wide-rejected.json).
 * Climbing and shrinking still move anywhere inside A0–A8.
 */
export const CHEAP_IN_RANGES: Readonly<InAssumptionOptions> = CALIBRATED_IN_ASSUMPTION;

/** Valid-regime test shared by both spaces: the scenario validator that `provably verify` runs. */
function schemaProblem(r: Regime): string | null {
  const check = checkScenario(scenarioObjectOf(r, 'search-candidate'), '<search>');
  return check.scenario ? null : (check.issues[0]?.message ?? 'invalid regime');
}

/** Candidates of a size coordinate: fast-check's integer shrinker toward the low end of its range. */
function sizeStep(dim: Dimension): ShrinkStep {
  return {
    id: dim.name,
    candidates(r) {
      const v = dim.get(r) as number;
      const lo = dim.range!(r)[0];
      if (!(v > lo)) return [];
      return [...fc.integer({ min: lo, max: v }).shrink(v, undefined)].map((s) => dim.set(r, s.value));
    },
  };
}

/** Shrink steps of the sizes, in the order tried: training length first (it dominates replay time). */
const SIZE_ORDER = ['T', 'nTrain', 'nTest', 'sNR', 'sR', 'P', 'd', 'k', 'm', 'evalSteps', 'K'];

function sizeSteps(dims: readonly Dimension[]): ShrinkStep[] {
  return SIZE_ORDER.map((n) => dims.find((d) => d.name === n && d.size))
    .filter((d): d is Dimension => d !== undefined)
    .map(sizeStep);
}

const sqrtRatio = (r: Regime, d: number) => Math.sqrt(d / r.d);
const floorLnPow = (d: number) => Math.floor(Math.pow(Math.log(d), A6_LOG_POWER));

/** `--space all`: every valid regime, drawn by {@link anyRegime} at cheap sizes. */
export function allSpace(options: AnyRegimeOptions = CHEAP_ALL_RANGES): SearchSpace {
  const o = { ...DEFAULT_ANY_RANGES, ...options } as Required<AnyRegimeOptions>;
  const arbitrary = anyRegime(o);
  const dims: Dimension[] = [
    intKey('T', () => o.T, { size: true, set: withT }),
    intKey('nTrain', () => o.nTrain, { size: true, set: withNTrain }),
    intKey('nTest', () => o.nTest, { size: true }),
    intKey('k', () => o.k, { size: true }),
    intKey('d', (r) => clampRange(Math.max(o.d[0], 2 * r.k), o.d[1]), { size: true }),
    intKey('P', () => o.P, { size: true, set: withP }),
    intKey('sR', (r) => [0, r.P], { size: true }),
    intKey('sNR', (r) => [0, r.P - r.sR], { size: true }),
    intKey('m', () => o.m, { size: true }),
    intKey('K', () => o.K, { size: true }),
    intKey('evalSteps', () => o.evalSteps, { size: true }),
    realDim(
      'alphaMin',
      o.alphaMin,
      (r) => r.alphaMin,
      (r, v) => ({ ...r, alphaMin: v, alphaMax: (v * r.alphaMax) / r.alphaMin }),
      true,
    ),
    realDim(
      'alphaSpread',
      o.alphaSpread,
      (r) => r.alphaMax / r.alphaMin,
      (r, v) => ({ ...r, alphaMax: r.alphaMin * v }),
    ),
    realDim(
      'betaMin',
      o.betaMin,
      (r) => r.betaMin,
      (r, v) => ({ ...r, betaMin: v, betaMax: (v * r.betaMax) / r.betaMin }),
      true,
    ),
    realDim(
      'betaSpread',
      o.betaSpread,
      (r) => r.betaMax / r.betaMin,
      (r, v) => ({ ...r, betaMax: r.betaMin * v }),
    ),
    realDim(
      'sigmaN',
      o.sigmaN,
      (r) => r.sigmaN,
      (r, v) => ({ ...r, sigmaN: v }),
    ),
    realDim('eps', o.eps, (r) => r.eps, withEps),
    realDim(
      'stepFactor',
      o.stepFactor,
      (r) => (r.eps > 0 ? r.stepSize / r.eps : 1),
      (r, v) => ({ ...r, stepSize: r.eps * v }),
    ),
    realDim(
      'evalStepFactor',
      o.evalStepFactor,
      (r) => (r.eps > 0 ? r.evalStepSize / r.eps : 0.25),
      (r, v) => ({ ...r, evalStepSize: r.eps * v }),
    ),
    realDim(
      'q',
      o.q,
      (r) => r.q,
      (r, v) => ({ ...r, q: v }),
    ),
    realDim(
      'rho',
      o.rho,
      (r) => r.rho,
      (r, v) => ({ ...r, rho: v }),
      true,
    ),
    realDim(
      'sigma0',
      o.sigma0,
      (r) => r.sigma0,
      (r, v) => ({ ...r, sigma0: v }),
      true,
    ),
    realDim(
      'eta',
      o.eta,
      (r) => r.eta,
      (r, v) => ({ ...r, eta: v }),
      true,
    ),
    enumKey('noise', ['orthogonal', 'isotropic']),
    enumKey('featureBasis', ['random', 'standard']),
    enumKey('norm', ['patch-l2', 'l2', 'linf']),
    boolKey('randomStart'),
  ];
  const repairSteps: ShrinkStep[] = REPAIRS.map((rep) => ({
    id: rep.id,
    candidates: (r) => {
      const x = rep.apply(r);
      return x ? [x] : [];
    },
  }));
  return {
    name: 'all',
    arbitrary,
    dimensions: dims,
    shrinkSteps: [...repairSteps, ...sizeSteps(dims)],
    rejects: schemaProblem,
    ranges: { ...o },
  };
}

/**
 * `--space in`: regimes inside A1–A8, drawn by {@link inAssumptionRegime} at cheap sizes. Climbing
 * may leave the arbitrary's calibrated ranges but never the assumptions: the relative quantities
 * range over what A2–A8 allow, and every candidate is checked against A1–A8.
 */
export function inSpace(options: InAssumptionOptions = CHEAP_IN_RANGES): SearchSpace {
  const o = { ...DEFAULT_REGIME_RANGES, sR: [1, 2] as Range, ...options } as Required<InAssumptionOptions>;
  const arbitrary = inAssumptionRegime(o);
  const rel = (r: Regime, eps: number) => withEpsRelative(r, eps, A5_FACTOR);
  const noiseScale = (r: Regime) => r.sigmaN * Math.sqrt(r.d);
  const dims: Dimension[] = [
    intKey('T', () => o.T, { size: true, set: withT }),
    intKey('nTrain', () => o.nTrain, { size: true, set: withNTrain }),
    intKey('nTest', () => o.nTest, { size: true }),
    intKey('k', () => o.k, { size: true }),
    intKey('d', (r) => clampRange(Math.max(o.d[0], A6_D_PER_K * r.k), o.d[1]), {
      size: true,
      set: (r, d) => {
        const x = rel(r, r.eps * sqrtRatio(r, d));
        return { ...x, d, m: Math.min(x.m, Math.max(1, floorLnPow(d))) };
      },
    }),
    intKey('P', () => o.P, { size: true, set: withP }),
    intKey('sR', (r) => [0, r.P], { size: true }),
    intKey('sNR', (r) => [0, r.P - r.sR], { size: true }),
    intKey('m', (r) => clampRange(1, floorLnPow(r.d)), { size: true }),
    realDim(
      'sigmaN',
      o.sigmaN,
      (r) => r.sigmaN,
      (r, v) => ({ ...rel(r, (r.eps * v) / r.sigmaN), sigmaN: v }),
      true,
    ),
    realDim(
      'epsRatio',
      [A4_MIN * 1.001, A4_MAX * 0.999],
      (r) => r.eps / noiseScale(r),
      (r, v) => rel(r, v * noiseScale(r)),
      true,
    ),
    realDim(
      'alphaFactor',
      [A3_FACTOR, 2 * A3_FACTOR],
      (r) => r.alphaMin / r.eps,
      (r, v) => {
        const alphaMin = v * r.eps;
        return { ...r, alphaMin, alphaMax: (alphaMin * r.alphaMax) / r.alphaMin };
      },
    ),
    realDim(
      'alphaSpread',
      [1, 1.5],
      (r) => r.alphaMax / r.alphaMin,
      (r, v) => ({ ...r, alphaMax: r.alphaMin * v }),
    ),
    realDim(
      'betaFactor',
      [0.1, A2_FACTOR],
      (r) => r.betaMax / r.eps,
      (r, v) => {
        const betaMax = v * r.eps;
        return { ...r, betaMax, betaMin: (betaMax * r.betaMin) / r.betaMax };
      },
    ),
    realDim(
      'betaSpread',
      [0.5, 1],
      (r) => r.betaMin / r.betaMax,
      (r, v) => ({ ...r, betaMin: r.betaMax * v }),
    ),
    realDim(
      'q',
      [2, 4],
      (r) => r.q,
      (r, v) => ({ ...r, q: v }),
    ),
    realDim(
      'rho',
      [0.01, 0.5],
      (r) => r.rho,
      (r, v) => ({ ...r, rho: v }),
      true,
    ),
    realDim(
      'sigma0',
      (r) => clampRange(1e-4, A5_FACTOR * Math.min(r.alphaMin, r.betaMin)),
      (r) => r.sigma0,
      (r, v) => ({ ...r, sigma0: v }),
      true,
    ),
    realDim(
      'eta',
      [0.005, A8_ETA_MAX],
      (r) => r.eta,
      (r, v) => ({ ...r, eta: v }),
      true,
    ),
    enumKey('noise', ['orthogonal', 'isotropic']),
    enumKey('featureBasis', ['random', 'standard']),
  ];
  return {
    name: 'in',
    arbitrary,
    dimensions: dims,
    shrinkSteps: sizeSteps(dims),
    rejects(r) {
      const schema = schemaProblem(r);
      if (schema) return schema;
      const violated = checkAssumptions(r)
        .filter((a) => !a.holds)
        .map((a) => a.id);
      return violated.length > 0 ? `outside the assumptions (${violated.join(', ')})` : null;
    },
    ranges: { ...o },
  };
}

/** The space of a name, at its cheap default ranges. */
export function spaceOf(name: SpaceName): SearchSpace {
  return name === 'in' ? inSpace() : allSpace();
}

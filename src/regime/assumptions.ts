/**
 * The assumptions A0–A8 of docs/model.md#assumptions ("default test" column) and the injection condition I1 of
 * docs/claims.md, as pure functions of a regime. Each returns an {@link AssumptionResult}: `holds` is
 * computed from the defining inequality itself; `value` and `threshold` restate it as one number
 * against another, for reports and for seeing how far a regime is from the edge. The comparison
 * direction of each is stated in its TSDoc and in `detail`.
 */
import { smoothedRelu } from './smoothedRelu.js';
import { showNumber } from '../util/issue.js';
import {
  A0_MIN_PATCHES,
  A1_RATIO,
  A2_FACTOR,
  A3_FACTOR,
  A4_MAX,
  A4_MIN,
  A5_FACTOR,
  A6_D_PER_K,
  A6_LOG_POWER,
  A6_M_MIN,
  A7_PAPER_ALGORITHM,
  A7_STEP_REL_TOL,
  A8_ETA_MAX,
  I1_THRESHOLD,
} from './thresholds.js';
import type { AssumptionResult, Regime } from './types.js';

/** Ids of the assumption checks, in the order {@link checkAssumptions} returns them. */
export const ASSUMPTION_IDS = ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'] as const;

const n = showNumber;

/**
 * `E[x^q]` for `x ~ U[a, b]`, `0 ≤ a ≤ b` (the order of `a`, `b` does not matter), exactly:
 * `(b^(q+1) − a^(q+1)) / ((q+1)(b − a))`, or `a^q` when `a = b`. Computed as
 * `b^q · (1 − r^(q+1)) / ((q+1)(1 − r))` with `r = a/b` and `expm1`/`log1p`, because the textbook
 * form cancels catastrophically when `a` and `b` are close (a range like `[0.4, 0.4 + 1e-12]`).
 */
export function uniformMoment(a: number, b: number, q: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === hi) return Math.pow(lo, q);
  const t = (hi - lo) / hi; // 1 − r, in (0, 1]
  const oneMinusRPow = -Math.expm1((q + 1) * Math.log1p(-t)); // 1 − r^(q+1)
  return (Math.pow(hi, q) * oneMinusRPow) / ((q + 1) * t);
}

/** `num/den`, but 0 when `num = 0` and `Infinity` when only `den = 0`: a ratio that never is NaN. */
function ratio(num: number, den: number): number {
  if (num === 0) return 0;
  if (den === 0) return Infinity;
  return num / den;
}

/**
 * A0, both kinds of feature are present (scope): holds iff `sR ≥ 1` and `sNR ≥ 1`. Without robust
 * patches (or without non-robust ones) the paper's comparison between the two has no subject, and
 * A1 would hold vacuously for `sR = 0`. value = `min(sR, sNR)`; holds iff value ≥ threshold = 1.
 */
export function checkA0(r: Regime): AssumptionResult {
  const value = Math.min(r.sR, r.sNR);
  const holds = value >= A0_MIN_PATCHES;
  const missing = [r.sR < A0_MIN_PATCHES ? 'robust' : '', r.sNR < A0_MIN_PATCHES ? 'non-robust' : ''].filter(Boolean);
  return {
    id: 'A0',
    holds,
    value,
    threshold: A0_MIN_PATCHES,
    detail:
      `sR = ${r.sR}, sNR = ${r.sNR}: ` +
      (holds ? 'both kinds of feature present' : `no ${missing.join(' and no ')} feature patches, outside the theory's scope`),
  };
}

/**
 * A1, non-robust features are denser [paper], with τ = q: holds iff
 * `sR·E[α^q] ≤ 0.5·sNR·E[β^q]` (α, β uniform on their ranges).
 * value = `sR·E[α^q] / (sNR·E[β^q])` (0 when sR = 0, Infinity when only sNR = 0); holds iff value ≤ threshold = 0.5.
 */
export function checkA1(r: Regime): AssumptionResult {
  const robust = r.sR * uniformMoment(r.alphaMin, r.alphaMax, r.q);
  const nonRobust = r.sNR * uniformMoment(r.betaMin, r.betaMax, r.q);
  const holds = robust <= A1_RATIO * nonRobust;
  const value = ratio(robust, nonRobust);
  return {
    id: 'A1',
    holds,
    value,
    threshold: A1_RATIO,
    detail:
      `sR·E[α^q] / (sNR·E[β^q]) = ${n(robust)} / ${n(nonRobust)} = ${n(value)} ${holds ? '≤' : '>'} ${A1_RATIO}` +
      ' (non-robust features denser, τ = q)',
  };
}

/**
 * Reversed A1 (the dense-robust side, docs/claims.md): holds iff `sNR·E[β^q] ≤ 0.5·sR·E[α^q]`, the roles of
 * the two features swapped. Not one of A1–A8; it defines the regimes where ST-1 is expected to fail.
 * value = `sNR·E[β^q] / (sR·E[α^q])`; holds iff value ≤ threshold = 0.5.
 */
export function checkA1Reversed(r: Regime): AssumptionResult {
  const robust = r.sR * uniformMoment(r.alphaMin, r.alphaMax, r.q);
  const nonRobust = r.sNR * uniformMoment(r.betaMin, r.betaMax, r.q);
  const holds = nonRobust <= A1_RATIO * robust;
  const value = ratio(nonRobust, robust);
  return {
    id: 'A1r',
    holds,
    value,
    threshold: A1_RATIO,
    detail:
      `sNR·E[β^q] / (sR·E[α^q]) = ${n(nonRobust)} / ${n(robust)} = ${n(value)} ${holds ? '≤' : '>'} ${A1_RATIO}` +
      ' (robust features denser: A1 reversed)',
  };
}

/**
 * A2, the non-robust feature is erasable within the budget: holds iff `betaMax ≤ eps`.
 * value = `betaMax/eps` (Infinity when eps = 0 < betaMax); holds iff value ≤ threshold = 1.
 */
export function checkA2(r: Regime): AssumptionResult {
  const holds = r.betaMax <= A2_FACTOR * r.eps;
  const value = ratio(r.betaMax, r.eps);
  return {
    id: 'A2',
    holds,
    value,
    threshold: A2_FACTOR,
    detail: `betaMax/eps = ${n(r.betaMax)}/${n(r.eps)} = ${n(value)} ${holds ? '≤' : '>'} ${A2_FACTOR} (non-robust feature erasable)`,
  };
}

/**
 * A3, the robust feature survives the budget: holds iff `alphaMin ≥ 2·eps`.
 * value = `alphaMin/eps` (Infinity when eps = 0); holds iff value ≥ threshold = 2.
 */
export function checkA3(r: Regime): AssumptionResult {
  const holds = r.alphaMin >= A3_FACTOR * r.eps;
  const value = ratio(r.alphaMin, r.eps);
  return {
    id: 'A3',
    holds,
    value,
    threshold: A3_FACTOR,
    detail: `alphaMin/eps = ${n(r.alphaMin)}/${n(r.eps)} = ${n(value)} ${holds ? '≥' : '<'} ${A3_FACTOR} (robust feature survives)`,
  };
}

/**
 * A4, the radius is on the noise scale [paper]: holds iff `0.1 ≤ eps/(sigmaN·√d) ≤ 10`.
 * value = `eps/(sigmaN·√d)` (Infinity when sigmaN = 0 < eps; NaN when both are 0, which fails);
 * threshold = the bound of [0.1, 10] nearer to the value on a log scale (the one that is violated,
 * if one is).
 */
export function checkA4(r: Regime): AssumptionResult {
  const scale = r.sigmaN * Math.sqrt(r.d);
  const value = r.eps === 0 && scale === 0 ? NaN : ratio(r.eps, scale);
  const holds = value >= A4_MIN && value <= A4_MAX;
  const threshold = value > Math.sqrt(A4_MIN * A4_MAX) ? A4_MAX : A4_MIN;
  return {
    id: 'A4',
    holds,
    value,
    threshold,
    detail: `eps/(sigmaN·√d) = ${n(r.eps)}/${n(scale)} = ${n(value)} ${holds ? 'within' : 'outside'} [${A4_MIN}, ${A4_MAX}] (radius on the noise scale)`,
  };
}

/**
 * A5, feature-learning regime: holds iff `sigma0 ≤ 0.1·min(alphaMin, betaMin)`.
 * value = `sigma0 / min(alphaMin, betaMin)`; holds iff value ≤ threshold = 0.1.
 */
export function checkA5(r: Regime): AssumptionResult {
  const smallest = Math.min(r.alphaMin, r.betaMin);
  const holds = r.sigma0 <= A5_FACTOR * smallest;
  const value = ratio(r.sigma0, smallest);
  return {
    id: 'A5',
    holds,
    value,
    threshold: A5_FACTOR,
    detail: `sigma0/min(alphaMin, betaMin) = ${n(r.sigma0)}/${n(smallest)} = ${n(value)} ${holds ? '≤' : '>'} ${A5_FACTOR} (small initialisation)`,
  };
}

/**
 * A6, `m = polylog(d)` and `d = poly(k)` [paper]: holds iff `1 ≤ m ≤ ln(d)²` and `d ≥ 4k`.
 * Each condition is written as a ratio that must be ≤ 1 (`1/m`, `m/ln(d)²`, `4k/d`);
 * value = the largest of the three; holds iff value ≤ threshold = 1.
 */
export function checkA6(r: Regime): AssumptionResult {
  const mMax = Math.pow(Math.log(r.d), A6_LOG_POWER);
  const holds = r.m >= A6_M_MIN && r.m <= mMax && r.d >= A6_D_PER_K * r.k;
  const value = Math.max(ratio(A6_M_MIN, r.m), ratio(r.m, mMax), ratio(A6_D_PER_K * r.k, r.d));
  return {
    id: 'A6',
    holds,
    value,
    threshold: 1,
    detail:
      `m = ${r.m} ${r.m >= A6_M_MIN && r.m <= mMax ? 'within' : 'outside'} [${A6_M_MIN}, ln(d)² = ${n(mMax)}]; ` +
      `d = ${r.d} ${r.d >= A6_D_PER_K * r.k ? '≥' : '<'} ${A6_D_PER_K}k = ${A6_D_PER_K * r.k}`,
  };
}

/** True when `stepSize` equals `eps` up to {@link A7_STEP_REL_TOL} (rounding in expressions). */
function stepIsEps(r: Regime): boolean {
  return Math.abs(r.stepSize - r.eps) <= A7_STEP_REL_TOL * Math.max(Math.abs(r.eps), Number.MIN_VALUE);
}

/**
 * A7, the paper's algorithm: holds iff `K = 1`, `stepSize = eps`, `randomStart = false` and
 * `norm = "patch-l2"`. value = the number of these that are violated; holds iff value ≤ threshold = 0.
 */
export function checkA7(r: Regime): AssumptionResult {
  const deviations: string[] = [];
  if (r.K !== A7_PAPER_ALGORITHM.K) deviations.push(`K = ${r.K} ≠ ${A7_PAPER_ALGORITHM.K}`);
  if (!stepIsEps(r)) deviations.push(`stepSize = ${n(r.stepSize)} ≠ eps = ${n(r.eps)}`);
  if (r.randomStart !== A7_PAPER_ALGORITHM.randomStart) deviations.push('randomStart = true');
  if (r.norm !== A7_PAPER_ALGORITHM.norm) deviations.push(`norm = "${r.norm}" ≠ "${A7_PAPER_ALGORITHM.norm}"`);
  return {
    id: 'A7',
    holds: deviations.length === 0,
    value: deviations.length,
    threshold: 0,
    detail:
      deviations.length === 0
        ? "the paper's one-step algorithm (K = 1, stepSize = eps, no random start, patch-l2)"
        : `${deviations.length} deviation(s) from the paper's algorithm: ${deviations.join('; ')}`,
  };
}

/**
 * A8, the step follows gradient flow: holds iff `eta ≤ 0.03` (the measured bound of A8_ETA_MAX).
 * value = `eta`; holds iff value ≤ threshold = 0.03.
 */
export function checkA8(r: Regime): AssumptionResult {
  const holds = r.eta <= A8_ETA_MAX;
  return {
    id: 'A8',
    holds,
    value: r.eta,
    threshold: A8_ETA_MAX,
    detail: `eta = ${n(r.eta)} ${holds ? '≤' : '>'} ${A8_ETA_MAX} (the measured bound below which a step follows gradient flow)`,
  };
}

/** A0–A8 of `regime`, in order. Pure: the same regime always gives the same results. */
export function checkAssumptions(regime: Regime): AssumptionResult[] {
  return [checkA0, checkA1, checkA2, checkA3, checkA4, checkA5, checkA6, checkA7, checkA8].map((check) => check(regime));
}

/** True when every one of A0–A8 holds. */
export function inAssumptions(regime: Regime): boolean {
  return checkAssumptions(regime).every((a) => a.holds);
}

/**
 * The injection condition I1 (docs/claims.md), evaluated at a measured robust-feature strength `lambdaAT`
 * (Λ of the adversarially trained network). It holds, i.e. injection is predicted and AT-4 is out of
 * reach, iff `P·σ̃(eps·Λ) > sR·σ̃((ᾱ − eps)·Λ)`, with ᾱ = (alphaMin + alphaMax)/2 and σ̃ the regime's
 * smoothed ReLU: an attacker who adds `eps·u_j` of a wrong class to every patch outweighs the
 * robust patches of the true class. value = left side / right side (0 when the left is 0, Infinity
 * when only the right is 0); holds iff value > threshold = 1. A ROUGH HEURISTIC: it ignores noise,
 * the non-robust feature and cross terms; report it beside AT-4, never as a verdict.
 */
export function injectionCondition(regime: Regime, lambdaAT: number): AssumptionResult {
  const note = 'rough heuristic: ignores noise, non-robust features and cross terms';
  if (!Number.isFinite(lambdaAT)) {
    return {
      id: 'I1',
      holds: false,
      value: NaN,
      threshold: I1_THRESHOLD,
      detail: `Λ = ${lambdaAT} is not finite; I1 not evaluated (${note})`,
    };
  }
  const alphaBar = (regime.alphaMin + regime.alphaMax) / 2;
  const injected = regime.P * smoothedRelu(regime.eps * lambdaAT, regime.q, regime.rho);
  const robust = regime.sR * smoothedRelu((alphaBar - regime.eps) * lambdaAT, regime.q, regime.rho);
  const holds = injected > I1_THRESHOLD * robust;
  const value = ratio(injected, robust);
  return {
    id: 'I1',
    holds,
    value,
    threshold: I1_THRESHOLD,
    detail:
      `P·σ̃(eps·Λ) / (sR·σ̃((ᾱ − eps)·Λ)) = ${n(injected)} / ${n(robust)} = ${n(value)} at Λ = ${n(lambdaAT)}: ` +
      `injection ${holds ? 'predicted, AT-4 out of reach' : 'not predicted'} (${note})`,
  };
}

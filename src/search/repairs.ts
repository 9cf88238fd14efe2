/**
 * Assumption repairs: moves of a regime back inside one assumption of A0–A8 (docs/model.md#assumptions), changing
 * only what that assumption is about. Shrinking a counterexample found outside the assumptions
 * tries them first and keeps each one under which the claim still fails, so the minimal case
 * violates as few assumptions as it can: the ones that are left are the ones the failure needs
 * (for ST-1 in the dense-robust direction, A1 alone).
 */
import { checkA1, checkAssumptions } from '../regime/assumptions.js';
import {
  A2_FACTOR,
  A3_FACTOR,
  A4_MAX,
  A4_MIN,
  A5_FACTOR,
  A6_D_PER_K,
  A6_LOG_POWER,
  A6_M_MIN,
  A7_PAPER_ALGORITHM,
  A8_ETA_MAX,
} from '../regime/thresholds.js';
import { SIZE_LIMITS } from '../regime/schema.js';
import type { Regime } from '../regime/types.js';
import { withEps, withT } from './dimensions.js';

/** One repair: the repaired regime, or null when the assumption already holds or cannot be repaired so. */
export interface Repair {
  /** What it does, e.g. `A7: K → 1`. */
  readonly id: string;
  apply(r: Regime): Regime | null;
}

const holds = (r: Regime, id: string) => checkAssumptions(r).find((a) => a.id === id)?.holds ?? true;

/** A repair that applies only when assumption `id` is violated. */
function repair(id: string, label: string, fix: (r: Regime) => Regime | null): Repair {
  return { id: `${id}: ${label}`, apply: (r) => (holds(r, id) ? null : fix(r)) };
}

/** A scale below this is no scale: A4's ratio and A5's cap would be computed in denormal arithmetic. */
const NEGLIGIBLE = 1e-9;

/** A4 alone: the radius moved just inside `[0.1, 10]·sigmaN·√d` (or `sigmaN` set from the radius). */
function fixA4(r: Regime): Regime | null {
  const scale = r.sigmaN * Math.sqrt(r.d);
  if (scale >= NEGLIGIBLE) {
    const eps = Math.min(A4_MAX * 0.99 * scale, Math.max(A4_MIN * 1.01 * scale, r.eps));
    return withEps(r, eps);
  }
  return r.eps >= NEGLIGIBLE ? { ...r, sigmaN: r.eps / Math.sqrt(r.d) } : null;
}

function fixA2(r: Regime): Regime | null {
  if (!(r.eps > 0)) return null; // betaMax > 0 cannot be ≤ 0
  const betaMax = A2_FACTOR * r.eps;
  return { ...r, betaMax, betaMin: Math.min(r.betaMin, betaMax) };
}

function fixA3(r: Regime): Regime {
  const alphaMin = A3_FACTOR * r.eps;
  return { ...r, alphaMin, alphaMax: Math.max(r.alphaMax, alphaMin) };
}

function fixA5(r: Regime): Regime {
  return { ...r, sigma0: A5_FACTOR * Math.min(r.alphaMin, r.betaMin) };
}

function fixA6(r: Regime): Regime {
  const d = Math.max(r.d, A6_D_PER_K * r.k);
  const mMax = Math.floor(Math.pow(Math.log(d), A6_LOG_POWER));
  return { ...r, d, m: Math.min(Math.max(r.m, A6_M_MIN), Math.max(A6_M_MIN, mMax)) };
}

function fixA7(r: Regime): Regime {
  return { ...r, K: A7_PAPER_ALGORITHM.K, stepSize: r.eps, randomStart: A7_PAPER_ALGORITHM.randomStart, norm: A7_PAPER_ALGORITHM.norm };
}

/**
 * A8: `eta` lowered to A8_ETA_MAX (0.03), with `T` raised so that `eta·T` (the training time of gradient flow)
 * stays the same: a smaller step needs proportionally more of them to train as far.
 */
function fixA8(r: Regime): Regime {
  if (r.eta <= A8_ETA_MAX) return r;
  return withT({ ...r, eta: A8_ETA_MAX }, Math.min(SIZE_LIMITS.T, Math.ceil((r.T * r.eta) / A8_ETA_MAX)));
}

/**
 * A2, A3 and A4 by the attack radius and the noise scale only, leaving the features as they are:
 * `eps` moved into `[betaMax, alphaMin/2]` when that interval exists, then `sigmaN` into
 * `[eps/10, eps/0.1]/√d`. Standard training does not use `eps` at all, so for the ST claims this
 * repair changes nothing but the adversary (and the noise, when A4 needs it).
 */
function fixRadius(r: Regime): Regime | null {
  const root = Math.sqrt(r.d);
  const lo = r.betaMax / A2_FACTOR;
  const hi = r.alphaMin / A3_FACTOR;
  let eps = r.eps;
  if (lo <= hi) eps = Math.min(hi, Math.max(lo, eps));
  // No radius to speak of and no room between the features: a radius on the noise scale (or,
  // without noise, the non-robust coefficient), so that the feature repairs have one to work with.
  else if (!(eps >= NEGLIGIBLE)) eps = r.sigmaN * root >= NEGLIGIBLE ? r.sigmaN * root : lo;
  const sigmaN = Math.min(eps / (A4_MIN * 1.01 * root), Math.max(eps / (A4_MAX * 0.99 * root), r.sigmaN));
  if (eps === r.eps && sigmaN === r.sigmaN) return null;
  return { ...withEps(r, eps), sigmaN };
}

/** A1 by fewer robust patches: the largest `sR` below the current one for which A1 holds. */
function fewerRobust(r: Regime): Regime | null {
  for (let sR = r.sR - 1; sR >= 0; sR--) if (checkA1({ ...r, sR }).holds) return { ...r, sR };
  return null;
}

/** A0: a missing kind of feature gets one patch (P raised if it does not fit). */
function fixA0(r: Regime): Regime | null {
  const sR = Math.max(r.sR, 1);
  const sNR = Math.max(r.sNR, 1);
  const P = Math.max(r.P, sR + sNR);
  return P > SIZE_LIMITS.P ? null : { ...r, sR, sNR, P };
}

/** A1 by more non-robust patches: the fewest that make A1 hold, `P` raised if they do not fit. */
function moreNonRobust(r: Regime): Regime | null {
  if (!(r.betaMin > 0 || r.betaMax > 0)) return null;
  for (let sNR = r.sNR + 1; sNR <= r.sNR + 1024; sNR++) {
    if (checkA1({ ...r, sNR }).holds) return { ...r, sNR, P: Math.max(r.P, r.sR + sNR) };
  }
  return null;
}

/**
 * Every assumption but A1 repaired at once, in an order where no repair undoes an earlier one: the
 * dimensions first, then the radius (it leaves the data alone), then the features only where the
 * radius cannot fit them, then the initialisation scale that A5 measures against them.
 */
function projectA2toA8(r: Regime): Regime | null {
  if (
    checkAssumptions(r)
      .filter((a) => a.id !== 'A0' && a.id !== 'A1')
      .every((a) => a.holds)
  )
    return null;
  // A6 first: it may raise d, which moves A4's ratio eps/(sigmaN·√d).
  let x: Regime = holds(r, 'A6') ? r : fixA6(r);
  x = fixRadius(x) ?? x;
  for (const [id, fix] of [
    ['A4', fixA4],
    ['A2', fixA2],
    ['A3', fixA3],
    ['A5', fixA5],
    ['A7', fixA7],
    ['A8', fixA8],
  ] as const) {
    if (!holds(x, id)) x = fix(x) ?? x;
  }
  return x;
}

/**
 * The repairs, in the order shrinking tries them: all of A2–A8 at once first (the cheapest way to
 * a regime that differs from the paper's setting in A1 only), then the radius, then each
 * assumption, then A7's parts, then full-batch training (not an assumption, but the paper's
 * algorithm; `cost.ts` counts mini-batches as a deviation).
 */
export const REPAIRS: readonly Repair[] = Object.freeze([
  { id: 'A2–A8: all at once', apply: projectA2toA8 },
  {
    id: 'A2–A4: radius and noise scale fitted to the features',
    apply: (r) => (['A2', 'A3', 'A4'].every((id) => holds(r, id)) ? null : fixRadius(r)),
  },
  repair('A0', 'one patch of the missing feature kind', fixA0),
  repair('A1', 'fewer robust patches', fewerRobust),
  repair('A1', 'more non-robust patches', moreNonRobust),
  repair('A2', 'betaMax → eps', fixA2),
  repair('A3', 'alphaMin → 2·eps', fixA3),
  repair('A4', 'eps into [0.1, 10]·sigmaN·√d', fixA4),
  repair('A5', 'sigma0 → 0.1·min(alphaMin, betaMin)', fixA5),
  repair('A6', 'd ≥ 4k, m ≤ ln(d)²', fixA6),
  repair('A7', "the paper's one-step attack", fixA7),
  repair('A7', 'K → 1', (r) => (r.K === 1 ? null : { ...r, K: 1 })),
  repair('A7', 'stepSize → eps', (r) => (r.stepSize === r.eps ? null : { ...r, stepSize: r.eps })),
  repair('A7', 'randomStart → false', (r) => (r.randomStart ? { ...r, randomStart: false } : null)),
  repair('A7', 'norm → patch-l2', (r) => (r.norm === 'patch-l2' ? null : { ...r, norm: 'patch-l2' })),
  repair('A8', `eta → ${A8_ETA_MAX}, T raised to keep eta·T`, fixA8),
  { id: "full batch (the paper's gradient descent)", apply: (r) => (r.batchSize === null ? null : { ...r, batchSize: null }) },
]);

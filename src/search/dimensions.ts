/**
 * Coordinates of a search space: what climbing perturbs and shrinking makes smaller. A coordinate
 * is a regime key or a relative quantity (`alphaFactor = alphaMin/eps`), with a range and a setter
 * that keeps the regime's other relations (the couplings of the space's arbitrary: when `eps`
 * moves, `stepSize` and `evalStepSize` move with it). A setter may produce an invalid regime; the
 * space rejects it, at no experiment's cost.
 */
import type { Regime } from '../regime/types.js';
import type { Range } from '../regime/arbitraries.js';

/** One coordinate of a search space. */
export interface Dimension {
  /** A regime key, or a relative quantity's name (`alphaFactor`). */
  readonly name: string;
  readonly kind: 'int' | 'real' | 'enum' | 'bool';
  /** Valid range at this regime (ranges of sR, sNR depend on P). */
  range?(r: Regime): Range;
  /** Choices of an `enum`. */
  readonly values?: readonly string[];
  /** Perturb a positive real multiplicatively (it spans decades). */
  readonly log?: boolean;
  /** A size: shrinking moves it toward the low end of its range. */
  readonly size?: boolean;
  get(r: Regime): number | string | boolean;
  /** The regime with this coordinate set, couplings applied. */
  set(r: Regime, v: number | string | boolean): Regime;
}

/** `[lo, hi]` with lo ≤ hi guaranteed (an empty dynamic range collapses to lo). */
export function clampRange(lo: number, hi: number): Range {
  return [lo, Math.max(lo, hi)];
}

/** The regime with `eps` set; `stepSize` and `evalStepSize` keep their ratio to it. */
export function withEps(r: Regime, eps: number): Regime {
  const ratio = r.eps > 0 ? eps / r.eps : NaN;
  const stepSize = Number.isFinite(ratio) ? r.stepSize * ratio : eps;
  const evalStepSize = Number.isFinite(ratio) ? r.evalStepSize * ratio : eps / 4;
  return { ...r, eps, stepSize, evalStepSize };
}

/**
 * For the `in` space: the regime with `eps` set and everything the arbitrary derives from `eps`
 * scaled with it (α and β ranges, step sizes), `sigma0` capped by A5 and `m` by A6, so that a change
 * of `d`, `sigmaN` or the radius keeps A2–A6 as they were.
 */
export function withEpsRelative(r: Regime, eps: number, a5Factor: number): Regime {
  const f = r.eps > 0 ? eps / r.eps : 1;
  const s = withEps(r, eps);
  const alphaMin = r.alphaMin * f;
  const betaMin = r.betaMin * f;
  return {
    ...s,
    alphaMin,
    alphaMax: r.alphaMax * f,
    betaMin,
    betaMax: r.betaMax * f,
    sigma0: Math.min(r.sigma0, a5Factor * Math.min(alphaMin, betaMin)),
  };
}

/** `T` set, with the trace interval kept at about 60 points (`logEvery = ceil(T/60)`, the default). */
export function withT(r: Regime, T: number): Regime {
  return { ...r, T, logEvery: Math.max(1, Math.ceil(T / 60)) };
}

/**
 * `P` set, with `sR` and `sNR` scaled to keep their densities (each stays ≥ 1 if it was), so that
 * shrinking `P` keeps the kind of data the failure depends on. May exceed P; the space rejects that.
 */
export function withP(r: Regime, P: number): Regime {
  const scale = (s: number) => (s === 0 ? 0 : Math.max(1, Math.round((s * P) / r.P)));
  return { ...r, P, sR: scale(r.sR), sNR: scale(r.sNR) };
}

/** `nTrain` set; a mini-batch size is capped by it. */
export function withNTrain(r: Regime, nTrain: number): Regime {
  return { ...r, nTrain, batchSize: r.batchSize === null ? null : Math.min(r.batchSize, nTrain) };
}

/** An integer coordinate that is a plain regime key. */
export function intKey(
  name: 'k' | 'd' | 'P' | 'sR' | 'sNR' | 'nTrain' | 'nTest' | 'm' | 'T' | 'K' | 'evalSteps',
  range: (r: Regime) => Range,
  opts: { size?: boolean; set?: (r: Regime, v: number) => Regime } = {},
): Dimension {
  return {
    name,
    kind: 'int',
    range,
    size: opts.size,
    get: (r) => r[name],
    set: (r, v) => (opts.set ? opts.set(r, v as number) : { ...r, [name]: v as number }),
  };
}

/** A real coordinate. */
export function realDim(
  name: string,
  range: Range | ((r: Regime) => Range),
  get: (r: Regime) => number,
  set: (r: Regime, v: number) => Regime,
  log = false,
): Dimension {
  return { name, kind: 'real', range: typeof range === 'function' ? range : () => range, log, get, set: (r, v) => set(r, v as number) };
}

/** An enumerated coordinate that is a plain regime key. */
export function enumKey(name: 'noise' | 'featureBasis' | 'norm', values: readonly string[]): Dimension {
  return { name, kind: 'enum', values, get: (r) => r[name], set: (r, v) => ({ ...r, [name]: v }) as Regime };
}

/** A boolean coordinate that is a plain regime key. */
export function boolKey(name: 'randomStart'): Dimension {
  return { name, kind: 'bool', get: (r) => r[name], set: (r, v) => ({ ...r, [name]: v as boolean }) };
}

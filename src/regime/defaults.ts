/**
 * The defaults of docs/scenario-keys.md, in one place. Expression defaults are kept as the strings the
 * contract writes (`"ceil(log(d))"`), not pre-computed numbers: they depend on other keys, and a
 * scenario that sets `d` must get the `m` that follows from its own `d`.
 */
import type { Regime } from './types.js';

/** The regime keys a scenario must give: there is no sensible default for the data itself. */
export const REQUIRED_REGIME_KEYS = [
  'k',
  'd',
  'P',
  'sR',
  'sNR',
  'alphaMin',
  'alphaMax',
  'betaMin',
  'betaMax',
  'sigmaN',
] as const satisfies readonly (keyof Regime)[];

/** A required regime key. */
export type RequiredRegimeKey = (typeof REQUIRED_REGIME_KEYS)[number];

/** A regime key that has a default. */
export type OptionalRegimeKey = Exclude<keyof Regime, RequiredRegimeKey>;

/** A value as a scenario may write it: a number, an expression string, an enum string, a bool, null. */
export type GivenValue = number | string | boolean | null;

/**
 * Defaults of the optional regime keys (docs/scenario-keys.md). Strings on numeric keys are mathjs
 * expressions over other keys, evaluated like any user expression.
 */
export const REGIME_DEFAULTS = {
  /** @defaultValue 100 */
  nTrain: 100,
  /** @defaultValue 200 */
  nTest: 200,
  /** `m = polylog(d)` (docs/model.md#network); `ceil(log(d))` is the smallest sensible polylog. */
  m: 'ceil(log(d))',
  /** @defaultValue 3 */
  q: 3,
  /** @defaultValue 0.1 */
  rho: 0.1,
  /** @defaultValue 0.01 */
  sigma0: 0.01,
  /** @defaultValue 0.1 */
  eta: 0.1,
  /** @defaultValue 600 */
  T: 600,
  /** null = full batch. */
  batchSize: null,
  /** About 60 trace points whatever `T` is. */
  logEvery: 'ceil(T/60)',
  /** @defaultValue "patch-l2" */
  norm: 'patch-l2',
  /** The norm of one noise patch (docs/model.md#training, [paper] `eps = Θ(sigmaN·√d)`). */
  eps: 'sigmaN * sqrt(d)',
  /** The paper's one-step ascent. */
  K: 1,
  /** The paper's one-step ascent uses the whole budget in one step. */
  stepSize: 'eps',
  /** @defaultValue false */
  randomStart: false,
  /** @defaultValue 20 */
  evalSteps: 20,
  /** @defaultValue "eps/4" */
  evalStepSize: 'eps/4',
  /** @defaultValue "orthogonal" */
  noise: 'orthogonal',
  /** @defaultValue "random" */
  featureBasis: 'random',
} as const satisfies Record<OptionalRegimeKey, GivenValue>;

/** Seed of a scenario that does not set one. @defaultValue 0 */
export const DEFAULT_SEED = 0;

/**
 * A regime: every parameter of one run (docs/scenario-keys.md), fully evaluated to plain values.
 * Names are the scenario keys; see docs/scenario-keys.md for what each means and which are [paper] or [choice].
 */
export type NoiseKind = 'orthogonal' | 'isotropic';
export type FeatureBasis = 'random' | 'standard';
export type PerturbationNorm = 'patch-l2' | 'l2' | 'linf';

export interface Regime {
  /** Classes (int ≥ 2). */
  k: number;
  /** Patch dimension (2k ≤ d). */
  d: number;
  /** Patches per input. */
  P: number;
  /** Robust patches per input. */
  sR: number;
  /** Non-robust patches per input (sR + sNR ≤ P). */
  sNR: number;
  alphaMin: number;
  alphaMax: number;
  betaMin: number;
  betaMax: number;
  /** Noise standard deviation per coordinate. */
  sigmaN: number;
  /** @defaultValue "orthogonal" */
  noise: NoiseKind;
  /** @defaultValue "random" */
  featureBasis: FeatureBasis;
  /** @defaultValue 100 */
  nTrain: number;
  /** @defaultValue 200 */
  nTest: number;
  /** Neurons per class. @defaultValue ceil(log(d)) */
  m: number;
  /** Smoothed-ReLU degree. @defaultValue 3 */
  q: number;
  /** Smoothed-ReLU threshold. @defaultValue 0.1 */
  rho: number;
  /** Initialisation standard deviation. @defaultValue 0.01 */
  sigma0: number;
  /** Learning rate. @defaultValue 0.1 */
  eta: number;
  /** Training steps (ST and AT alike). @defaultValue 600 */
  T: number;
  /** null = full batch. @defaultValue null */
  batchSize: number | null;
  /** Trace interval. @defaultValue ceil(T/60) */
  logEvery: number;
  /** @defaultValue "patch-l2" */
  norm: PerturbationNorm;
  /** Perturbation radius. @defaultValue sigmaN * sqrt(d) */
  eps: number;
  /** Ascent steps of the training attack. @defaultValue 1 */
  K: number;
  /** Step size of the training attack. @defaultValue eps */
  stepSize: number;
  /** Random start of the training attack. @defaultValue false */
  randomStart: boolean;
  /** PGD evaluation steps (always random start). @defaultValue 20 */
  evalSteps: number;
  /** PGD evaluation step size. @defaultValue eps/4 */
  evalStepSize: number;
}

/** A regime plus the seed that fixes every random stream of a run. */
export interface SeededRegime extends Regime {
  seed: number;
}

/** Keys of a regime, in docs/scenario-keys.md order. */
export const REGIME_KEYS = [
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
  'noise',
  'featureBasis',
  'nTrain',
  'nTest',
  'm',
  'q',
  'rho',
  'sigma0',
  'eta',
  'T',
  'batchSize',
  'logEvery',
  'norm',
  'eps',
  'K',
  'stepSize',
  'randomStart',
  'evalSteps',
  'evalStepSize',
] as const satisfies readonly (keyof Regime)[];

/** Result of one assumption check (docs/model.md#assumptions) or run precondition: a pure function's output. */
export interface AssumptionResult {
  id: string;
  holds: boolean;
  /** The measured or derived quantity compared with the threshold. */
  value: number;
  threshold: number;
  /** One line: what was compared, in words. */
  detail: string;
}

/** What a scenario expects of a claim (docs/claims.md#statistical-rule). */
export type Expectation = 'holds' | 'fails' | 'report';

/** A scenario file, validated and evaluated (docs/scenario-keys.md). */
export interface Scenario {
  name: string;
  /** What the scenario is for; optional. */
  description?: string;
  /** Claim id → expectation; ids not listed default to "report". */
  expect: Record<string, Expectation>;
  seed: number;
  /** The regime keys exactly as written in the file (numbers or expression strings). */
  given: Record<string, unknown>;
  /** Every key evaluated, defaults filled in. */
  regime: Regime;
  /** Where the scenario came from (a file path), for messages and replay. */
  source: string;
}

/**
 * Every tolerance of the conformance checks, in one place. The float32 allowances (budget, stepRule,
 * fullStep, update, equivariance) are derived from measurement, not chosen: each is
 * {@link TOLERANCE_FACTOR} × the largest deviation measured between two correct float32
 * implementations on the conformance cases (our reference on the tfjs cpu and wasm backends, and a
 * NumPy float32 peer; `bench/conformance-spread.ts`, results in bench/results/conformance-spread.json),
 * rounded up to one significant digit. docs/conformance.md ("Tolerances") gives the measured spreads
 * and the reasoning. The other entries are statistical or semantic thresholds, each explained below.
 */
export interface Tolerances {
  /** ‖δ‖ ≤ eps·(1 + budget) in the budget's norm (measured spread 3.7e-7). @defaultValue 4e-6 */
  budget: number;
  /**
   * A random start must reach into the ball: mean over samples of ‖δ₀‖/eps ≥ this. A uniform
   * point of a D-dimensional ball (or cube, per coordinate) has mean D/(D+1) ≥ 2/3 for D ≥ 2. @defaultValue 0.5
   */
  randomStartReach: number;
  /** The attack may lower the mean loss by at most this fraction of the clean loss. @defaultValue 1e-5 */
  lossDrop: number;
  /**
   * Same seed, same δ: largest |δ₁ − δ₂| / eps. Every correct implementation measured was exactly
   * reproducible (spread 0); this floor leaves room for a trainer whose reductions are not
   * (GPU atomics). @defaultValue 1e-6
   */
  seeded: number;
  /** Step rule: largest |δ_k − Proj(δ_{k−1} + s·normalise(g))| / eps on determined coordinates (spread 1.1e-6). @defaultValue 2e-5 */
  stepRule: number;
  /**
   * Which coordinates the step rule compares: a gradient block below this fraction of its sample's
   * largest leaves the step's direction undetermined to float32 precision (its size is checked by
   * `attack.small-gradient`). @defaultValue 1e-4
   */
  determined: number;
  /** Strength: Σ loss gain of the user's attack ≥ this × Σ gain of ours, per norm. @defaultValue 0.8 */
  strength: number;
  /** Update: ‖ΔW_user − ΔW_ref‖ / ‖ΔW_ref‖ (spread 2.3e-6). @defaultValue 3e-5 */
  update: number;
  /** Labels: permuting the batch permutes δ (largest deviation / eps) and leaves W′ (relative error) (spread 7.1e-7). @defaultValue 8e-6 */
  equivariance: number;
  /** Small gradients: a full-step block's |‖δ_b‖/stepSize − 1|, and how far any block's step may exceed stepSize (spread 3.4e-7). @defaultValue 4e-6 */
  fullStep: number;
}

/** Each float32 tolerance is this many times the largest spread measured between correct float32 implementations. */
export const TOLERANCE_FACTOR = 10;

export const DEFAULT_TOLERANCES: Readonly<Tolerances> = Object.freeze({
  budget: 4e-6,
  randomStartReach: 0.5,
  lossDrop: 1e-5,
  seeded: 1e-6,
  stepRule: 2e-5,
  determined: 1e-4,
  strength: 0.8,
  update: 3e-5,
  equivariance: 8e-6,
  fullStep: 4e-6,
});

/** Tolerances with `over` applied; unknown keys and non-finite or negative values are errors. */
export function resolveTolerances(over: Partial<Tolerances> = {}): Readonly<Tolerances> {
  const out: Tolerances = { ...DEFAULT_TOLERANCES };
  for (const [key, value] of Object.entries(over)) {
    if (!(key in DEFAULT_TOLERANCES)) {
      throw new TypeError(
        `checkTrainer: options.tolerances.${key} is not a tolerance; use one of ${Object.keys(DEFAULT_TOLERANCES).join(', ')}`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`checkTrainer: options.tolerances.${key} must be a finite number ≥ 0, got ${String(value)}`);
    }
    out[key as keyof Tolerances] = value;
  }
  return Object.freeze(out);
}

/**
 * Every tolerance of the conformance checks, in one place. Each is a float32 allowance, not a
 * fudge: a correct implementation in float32 or float64 sits orders of magnitude inside it (the
 * margins are printed with every verdict), and each bug of the mutation suite misses it by far.
 */
export interface Tolerances {
  /** ‖δ‖ ≤ eps·(1 + budget) in the budget's norm: rounding of a projection in float32. @defaultValue 1e-5 */
  budget: number;
  /**
   * A random start must reach into the ball: mean over samples of ‖δ₀‖/eps ≥ this. A uniform
   * point of a D-dimensional ball (or cube, per coordinate) has mean D/(D+1) ≥ 2/3 for D ≥ 2. @defaultValue 0.5
   */
  randomStartReach: number;
  /** The attack may lower the mean loss by at most this fraction of the clean loss. @defaultValue 1e-5 */
  lossDrop: number;
  /** Same seed, same δ: largest |δ₁ − δ₂| / eps. @defaultValue 1e-6 */
  seeded: number;
  /** Step rule: largest |δ_K − Proj(δ_{K−1} + s·normalise(g))| / eps on determined coordinates. @defaultValue 1e-3 */
  stepRule: number;
  /** A gradient block below this fraction of its sample's largest leaves the step undetermined. @defaultValue 1e-4 */
  determined: number;
  /** Strength: Σ loss gain of the user's attack ≥ this × Σ gain of ours, per norm. @defaultValue 0.8 */
  strength: number;
  /** Update: ‖ΔW_user − ΔW_ref‖ / ‖ΔW_ref‖. @defaultValue 1e-3 */
  update: number;
  /** Labels: permuting the batch permutes δ (largest deviation / eps) and leaves W′ (relative error). @defaultValue 1e-4 */
  equivariance: number;
}

export const DEFAULT_TOLERANCES: Readonly<Tolerances> = Object.freeze({
  budget: 1e-5,
  randomStartReach: 0.5,
  lossDrop: 1e-5,
  seeded: 1e-6,
  stepRule: 1e-3,
  determined: 1e-4,
  strength: 0.8,
  update: 1e-3,
  equivariance: 1e-4,
});

/** Tolerances with `over` applied; unknown keys and non-finite or negative values are errors. */
export function resolveTolerances(over: Partial<Tolerances> = {}): Readonly<Tolerances> {
  const out: Tolerances = { ...DEFAULT_TOLERANCES };
  for (const [key, value] of Object.entries(over)) {
    if (!(key in DEFAULT_TOLERANCES)) {
      throw new TypeError(`checkTrainer: options.tolerances.${key} is not a tolerance; use one of ${Object.keys(DEFAULT_TOLERANCES).join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`checkTrainer: options.tolerances.${key} must be a finite number ≥ 0, got ${String(value)}`);
    }
    out[key as keyof Tolerances] = value;
  }
  return Object.freeze(out);
}

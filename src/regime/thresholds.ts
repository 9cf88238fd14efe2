/**
 * Every threshold of the assumption checks (docs/model.md#assumptions, "default test" column) and of the injection
 * condition I1 (docs/claims.md), named in one place. The paper states its assumptions asymptotically
 * (`≪`, `Θ`, `polylog`); these numbers are the project's concrete reading of them ([choice]), so a
 * reader or a calibration step can find and question each one here instead of inside a formula.
 */

/**
 * A0 (scope): at least this many robust and this many non-robust patches. A regime without one kind
 * of feature is outside the theory, so it is never "in-assumption".
 * @defaultValue 1
 */
export const A0_MIN_PATCHES = 1;

/**
 * A1: `sR·E[α^τ] ≤ A1_RATIO · sNR·E[β^τ]`. "`≪`" read as "at most half".
 * @defaultValue 0.5
 */
export const A1_RATIO = 0.5;

/**
 * A1's exponent τ. docs/model.md#assumptions take `τ = q`, the smoothed-ReLU degree, because the network sees a
 * coefficient `c` through `σ̃(c·⟨w, u⟩) ∝ c^q` in the polynomial part; so τ is the regime's `q`,
 * not a separate number. This constant names that choice.
 */
export const A1_TAU = 'q' as const;

/**
 * A2: `betaMax ≤ A2_FACTOR · eps`: the whole non-robust coefficient can be erased by the budget.
 * @defaultValue 1
 */
export const A2_FACTOR = 1;

/**
 * A3: `alphaMin ≥ A3_FACTOR · eps`: after the worst erasure, at least half the robust coefficient remains.
 * @defaultValue 2
 */
export const A3_FACTOR = 2;

/**
 * A4: `A4_MIN ≤ eps/(sigmaN·√d) ≤ A4_MAX`: the radius is `Θ(sigmaN·√d)` [paper], within a decade.
 * @defaultValue 0.1
 */
export const A4_MIN = 0.1;
/** @defaultValue 10 */
export const A4_MAX = 10;

/**
 * A5: `sigma0 ≤ A5_FACTOR · min(alphaMin, betaMin)`: initial weights are small next to the features
 * (the feature-learning regime).
 * @defaultValue 0.1
 */
export const A5_FACTOR = 0.1;

/**
 * A6: `A6_M_MIN ≤ m ≤ ln(d)^A6_LOG_POWER` (`m = polylog(d)` [paper], read as "at most ln(d)²").
 * @defaultValue 1
 */
export const A6_M_MIN = 1;
/** @defaultValue 2 */
export const A6_LOG_POWER = 2;
/**
 * A6: `d ≥ A6_D_PER_K · k` (`d = poly(k)` [paper], read as "at least 4k": room for the 2k features
 * and as many noise directions).
 * @defaultValue 4
 */
export const A6_D_PER_K = 4;

/** A7: the paper's one-step algorithm. Each entry is one condition of A7. */
export const A7_PAPER_ALGORITHM = Object.freeze({
  /** @defaultValue 1 */
  K: 1,
  /** `stepSize` must equal `eps`. */
  stepSizeEqualsEps: true,
  /** @defaultValue false */
  randomStart: false,
  /** @defaultValue "patch-l2" */
  norm: 'patch-l2' as const,
});

/**
 * A7: relative tolerance of `stepSize = eps`, so that an expression like `"2*eps/2"` that differs
 * from `eps` only by rounding still counts as the paper's algorithm.
 * @defaultValue 1e-9
 */
export const A7_STEP_REL_TOL = 1e-9;

/**
 * A8: `eta ≤ A8_ETA_MAX`: the step is small enough that training follows gradient flow. Measured
 * without looking at the claims (docs/findings.md, "A8"): on paper-small's sizes with `eta·T = 60`
 * held fixed, standard training's Λ and Γ stay within 5 % of the `eta = 0.01` trajectory on 28 of 30
 * native seeds at `eta = 0.03` (one-sided 95 % Clopper–Pearson lower bound 0.80) and on 8 of 30 at
 * `eta = 0.1`. It replaced the placeholder 0.2.
 * @defaultValue 0.03
 */
export const A8_ETA_MAX = 0.03;

/**
 * I1 (injection condition, docs/claims.md): predicted when `P·σ̃(eps·Λ) / (sR·σ̃((ᾱ − eps)·Λ))` exceeds this.
 * @defaultValue 1
 */
export const I1_THRESHOLD = 1;

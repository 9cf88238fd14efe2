import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import { forwardBackward, forwardBackwardFromZ, inputGradient, type NetConstants } from '../model/network.js';
import { tidyObject } from '../util/tidy.js';
import { isZeroRadius, normaliseStep, project, projectionFactor, randomStart, safeDenominator, type Ball } from './ball.js';

/** One attack's settings (the training attack, or the PGD evaluation). */
export interface AttackSpec extends Ball {
  /** Ascent steps. */
  steps: number;
  stepSize: number;
  randomStart: boolean;
}

/**
 * Projected gradient ascent on the per-sample cross-entropy (docs/model.md#training):
 * δ ← Proj(δ + stepSize · normalise(∇_X L(W; X + δ, y))), from δ = 0 or a uniform random start.
 * Returns the final iterate `[n·P, d]` (caller owns it). eps = 0 returns zeros: a no-op.
 */
export function pgdAttack(
  X2: tf.Tensor2D,
  W: tf.Tensor2D,
  Y: tf.Tensor2D,
  c: NetConstants,
  spec: AttackSpec,
  rng: Rng | null,
): tf.Tensor2D {
  const [rows, d] = X2.shape;
  let delta = spec.randomStart && rng ? randomStart(rows, d, spec, rng) : (tf.zeros([rows, d]) as tf.Tensor2D);
  if (isZeroRadius(spec.eps)) return delta;
  for (let s = 0; s < spec.steps; s++) {
    const next = tf.tidy(() => {
      const { D } = forwardBackward(tf.add(X2, delta), W, Y, c);
      const step = normaliseStep(inputGradient(D, W), spec);
      return project(tf.add(delta, tf.mul(step, spec.stepSize)), spec);
    });
    delta.dispose();
    delta = next;
  }
  return delta;
}

/**
 * True when every iterate of the attack lies in the row space of W, patch by patch: δ = C·W with
 * coefficients `C` `[n·P, k·m]`. It holds for the ℓ2 balls (patch-l2, l2) from δ = 0: the input
 * gradient of a patch is `D_p · W`, and normalisation and projection only rescale rows (patch-l2)
 * or samples (l2). Not for linf (sign) or a random start.
 */
export function rowSpaceAttackApplies(spec: AttackSpec): boolean {
  return spec.norm !== 'linf' && !spec.randomStart;
}

/**
 * The same attack as {@link pgdAttack} (δ ← Proj(δ + stepSize · normalise(∇_X L))), computed on the
 * coefficients `C` of δ = C·W instead of on δ itself, for attacks where {@link rowSpaceAttackApplies}.
 * With `M = W·Wᵀ` `[k·m, k·m]`:
 *  - pre-activations at X + δ are `Z0 + C·M` (`Z0 = X·Wᵀ`, computed once by the caller);
 *  - the input gradient of patch p is `D_p·W`, so its squared norm is `(D·M ∘ D)` summed over the row;
 *  - ‖δ_p‖² is `(C·M ∘ C)` summed over the row.
 * This replaces the three `[n·P, d]`-sized matrix products of each direct iteration (forward,
 * input gradient, and the forward at the next iterate) by `[n·P, k·m] × [k·m, k·m]` products: the
 * cost of a K-step attack no longer grows with d. Exact in exact arithmetic; in float32 the norms
 * come from a quadratic form rather than from δ, so results agree to rounding (checked against
 * {@link pgdAttack} in properties/model/rowspace.test.ts).
 * Returns `C_K` and `C_K·M` (caller owns both); eps = 0 gives zeros.
 */
export function pgdAttackRowSpace(Z0: tf.Tensor2D, M: tf.Tensor2D, Y: tf.Tensor2D, c: NetConstants, spec: AttackSpec): RowSpaceAttack {
  if (!rowSpaceAttackApplies(spec))
    throw new Error(
      `pgdAttackRowSpace: the ${spec.norm} attack${spec.randomStart ? ' with a random start' : ''} does not stay in the row space of W`,
    );
  const [rows, km] = Z0.shape;
  let C: tf.Tensor2D = tf.zeros([rows, km]);
  if (isZeroRadius(spec.eps)) return { C, CM: tf.zeros([rows, km]) };
  const groupRows = spec.norm === 'l2' ? spec.P : 1; // rows normalised together
  const groupNorms = (q: tf.Tensor2D): tf.Tensor2D => {
    // q: squared norms per row [rows, 1] (clamped at 0: a quadratic form can round below it).
    const sq = groupRows === 1 ? tf.relu(q) : tf.relu(tf.sum(tf.reshape(q, [rows / groupRows, groupRows]), 1, true));
    return tf.sqrt(sq) as tf.Tensor2D;
  };
  const scaleGroups = (A: tf.Tensor2D, f: tf.Tensor): tf.Tensor2D =>
    groupRows === 1
      ? (tf.mul(A, f) as tf.Tensor2D)
      : (tf.reshape(tf.mul(tf.reshape(A, [rows / groupRows, groupRows * km]), f), [rows, km]) as tf.Tensor2D);
  // Row sums of A ∘ B: with B = A·M, the squared norms (A·W)(A·W)ᵀ of the rows of δ or of the gradient.
  const rowDot = (A: tf.Tensor, B: tf.Tensor): tf.Tensor2D => tf.sum(tf.mul(A, B), 1, true) as tf.Tensor2D;
  // C·M is carried along (CM), so each iteration has one small product, D·M:
  //   moved = C + a∘D, moved·M = CM + a∘(D·M); both then scaled by the projection factor f.
  let CM: tf.Tensor2D | null = null;
  for (let s = 0; s < spec.steps; s++) {
    const next = tidyObject(() => {
      const Z = CM === null ? Z0 : (tf.add(Z0, CM) as tf.Tensor2D);
      const { D } = forwardBackwardFromZ(Z, Y, c);
      const DM = tf.matMul(D, M);
      const a = tf.div(spec.stepSize, safeDenominator(groupNorms(rowDot(D, DM))));
      const moved = CM === null ? scaleGroups(D, a) : (tf.add(C, scaleGroups(D, a)) as tf.Tensor2D);
      const movedM = CM === null ? scaleGroups(DM as tf.Tensor2D, a) : (tf.add(CM, scaleGroups(DM as tf.Tensor2D, a)) as tf.Tensor2D);
      const f = projectionFactor(groupNorms(rowDot(moved, movedM)), spec.eps);
      return { C: scaleGroups(moved, f), CM: scaleGroups(movedM, f) };
    });
    tf.dispose([C, ...(CM ? [CM] : [])]);
    C = next.C;
    CM = next.CM;
  }
  return { C, CM: CM ?? tf.zeros([rows, km]) };
}

/** The final iterate of {@link pgdAttackRowSpace}: δ = C·W, and C·M (so Z(X + δ) = Z0 + C·M). */
export interface RowSpaceAttack {
  C: tf.Tensor2D;
  CM: tf.Tensor2D;
}

/** Result of a best-iterate PGD evaluation. */
export interface BestIterate {
  /** Kept perturbation `[n·P, d]`. */
  delta: tf.Tensor2D;
  /** Per-sample loss at the kept iterate `[n]`. */
  loss: tf.Tensor1D;
  /** Logits at the kept iterate `[n, k]`. */
  logits: tf.Tensor2D;
}

/**
 * PGD evaluation (docs/model.md#measurements): random start, `steps` steps, and per sample the iterate with the highest
 * loss is kept. The clean point (δ = 0) is a candidate too, so the kept loss is never below the clean
 * loss, and robust accuracy ≤ clean accuracy holds by construction.
 */
export function pgdBestIterate(X2: tf.Tensor2D, W: tf.Tensor2D, Y: tf.Tensor2D, c: NetConstants, spec: AttackSpec, rng: Rng): BestIterate {
  const [rows, d] = X2.shape;
  const n = Y.shape[0];
  let best: BestIterate = tidyObject(() => {
    const { F, loss } = forwardBackward(X2, W, Y, c);
    return { delta: tf.zeros([rows, d]) as tf.Tensor2D, loss, logits: F };
  });
  if (isZeroRadius(spec.eps)) return best;
  let delta: tf.Tensor2D = spec.randomStart ? randomStart(rows, d, spec, rng) : (tf.zeros([rows, d]) as tf.Tensor2D);
  for (let s = 0; s <= spec.steps; s++) {
    const out = tidyObject(() => {
      const { F, loss, D } = forwardBackward(tf.add(X2, delta), W, Y, c);
      const better = tf.greater(loss, best.loss);
      const betterCol = tf.reshape(better, [n, 1]); // broadcasts over a sample's row
      const kept: BestIterate = {
        delta: keepRows(betterCol, delta, best.delta, n),
        loss: tf.where(better, loss, best.loss) as tf.Tensor1D,
        logits: tf.where(betterCol, F, best.logits) as tf.Tensor2D,
      };
      const next = s < spec.steps ? project(tf.add(delta, tf.mul(normaliseStep(inputGradient(D, W), spec), spec.stepSize)), spec) : null;
      return { kept, next };
    });
    tf.dispose([best.delta, best.loss, best.logits]);
    best = out.kept;
    delta.dispose();
    if (out.next === null) break;
    delta = out.next;
  }
  return best;
}

/**
 * Per sample, the rows of `a` where `mask` (`[n, 1]` bool) is true, else those of `b`: the same as
 * `tf.where` with a broadcast mask, as `m·a + (1 − m)·b` with m ∈ {0, 1}, which is exact for finite
 * values. (WASM's broadcast Select costs ~90 ns per element, 50 ms for a 9600×64 perturbation.)
 */
function keepRows(mask: tf.Tensor, a: tf.Tensor2D, b: tf.Tensor2D, n: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [rows, d] = a.shape;
    const m = tf.cast(mask, 'float32');
    const kept = tf.add(tf.mul(tf.reshape(a, [n, -1]), m), tf.mul(tf.reshape(b, [n, -1]), tf.sub(1, m)));
    return tf.reshape(kept, [rows, d]) as tf.Tensor2D;
  });
}

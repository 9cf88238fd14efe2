import * as tf from '@tensorflow/tfjs';
import type { PerturbationNorm } from '../regime/types.js';
import type { Rng } from '../random/rng.js';

/**
 * The perturbation sets of docs/model.md#training and their matching step normalisation. Perturbations are
 * `[n·P, d]` (one row per patch), like the flattened inputs.
 *  - patch-l2: ‖δ_p‖₂ ≤ eps for every patch; normalise each patch row to unit ℓ2.
 *  - l2:       ‖δ‖₂ ≤ eps over the whole input of a sample; normalise each sample globally.
 *  - linf:     |δ| ≤ eps per coordinate; normalise by the sign (exact comparisons, {@link exactSign}).
 * A zero gradient row gives a zero step, never NaN; a tiny non-zero one the full step.
 */
export interface Ball {
  norm: PerturbationNorm;
  eps: number;
  /** Patches per sample (to regroup rows into samples for the global ℓ2 ball). */
  P: number;
}

/**
 * True when the radius is zero in float32. Checked before any op: XNNPACK's clamp (used by clipByValue
 * on WASM) rejects min = max and then returns uninitialised memory, which a denormal eps would hit.
 */
export function isZeroRadius(eps: number): boolean {
  return Math.fround(eps) === 0;
}

/** Rows of the matrix viewed per the norm's unit: patch rows, or whole samples for l2. */
function grouped(t: tf.Tensor2D, ball: Ball): tf.Tensor2D {
  if (ball.norm !== 'l2') return t;
  const [rows, d] = t.shape;
  return tf.reshape(t, [rows / ball.P, ball.P * d]);
}

function rowNorms(t: tf.Tensor2D): tf.Tensor2D {
  return tf.sqrt(tf.sum(tf.square(t), 1, true)) as tf.Tensor2D;
}

/**
 * `norm` where it is positive, 1 where it is 0: dividing by it gives x/‖x‖, and a zero row stays 0.
 * (`divNoNan` would do the same, but on WASM it is an Equal and a broadcast Select over the whole
 * matrix, 40 ms for a 4800×64 matrix against 0.1 ms for this on the `[rows, 1]` norms.)
 * `norm + [norm = 0]` is exact: it adds 0 to a positive norm, however small. (Not `1 − sign(norm)`:
 * tfjs-wasm's Sign returns 0 for |x| < 1.19e-7, which turned a tiny norm into a denominator of 1.)
 */
export function safeDenominator(norm: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(norm, tf.cast(tf.equal(norm, 0), 'float32')));
}

/**
 * sign(x) by exact comparisons: 1 for x > 0, −1 for x < 0, 0 for ±0 (and NaN). tfjs's `sign` cannot
 * be used: on WASM it returns 0 for |x| < 1.19e-7, so a tiny gradient would give no ℓ∞ step at all.
 */
export function exactSign(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.cast(tf.greater(x, 0), 'float32'), tf.cast(tf.less(x, 0), 'float32')));
}

/** The steepest-ascent direction of unit size in the ball's geometry. */
export function normaliseStep(g: tf.Tensor2D, ball: Ball): tf.Tensor2D {
  return tf.tidy(() => {
    if (ball.norm === 'linf') return exactSign(g) as tf.Tensor2D;
    const G = grouped(g, ball);
    return tf.reshape(tf.div(G, safeDenominator(rowNorms(G))), g.shape) as tf.Tensor2D;
  });
}

/** The radial factor min(1, eps/‖δ‖) of the ℓ2 projections, from the norms (eps > 0). */
export function projectionFactor(norms: tf.Tensor, eps: number): tf.Tensor {
  return tf.tidy(() => tf.div(tf.scalar(eps), tf.maximum(norms, eps)));
}

/** Euclidean projection onto the ball (radial scaling for ℓ2 balls, clipping for ℓ∞). */
export function project(delta: tf.Tensor2D, ball: Ball): tf.Tensor2D {
  return tf.tidy(() => {
    if (isZeroRadius(ball.eps)) return tf.zerosLike(delta) as tf.Tensor2D;
    if (ball.norm === 'linf') return tf.clipByValue(delta, -ball.eps, ball.eps) as tf.Tensor2D;
    const D = grouped(delta, ball);
    // eps > 0 here, so max(‖δ‖, eps) > 0 and the factor is finite (‖δ‖ = 0 gives 1·0 = 0).
    return tf.reshape(tf.mul(D, projectionFactor(rowNorms(D), ball.eps)), delta.shape) as tf.Tensor2D;
  });
}

/** A uniform random point in the ball, one per sample, drawn from our own seeded stream. */
export function randomStart(rows: number, d: number, ball: Ball, rng: Rng): tf.Tensor2D {
  const out = new Float32Array(rows * d);
  const { eps } = ball;
  if (isZeroRadius(eps)) return tf.tensor2d(out, [rows, d]);
  if (ball.norm === 'linf') {
    for (let i = 0; i < out.length; i++) out[i] = eps * (2 * rng.uniform() - 1);
  } else {
    // Uniform in a dim-ball: Gaussian direction, radius eps·U^(1/dim).
    const dim = ball.norm === 'patch-l2' ? d : ball.P * d;
    const groups = out.length / dim;
    const g = new Float64Array(dim);
    for (let s = 0; s < groups; s++) {
      rng.fillNormal(g);
      let sq = 0;
      for (let t = 0; t < dim; t++) sq += g[t] * g[t];
      const scale = sq > 0 ? (eps * Math.pow(rng.uniform(), 1 / dim)) / Math.sqrt(sq) : 0;
      for (let t = 0; t < dim; t++) out[s * dim + t] = g[t] * scale;
    }
  }
  return tf.tensor2d(out, [rows, d]);
}

/** Per-unit norms of δ in the ball's own norm (patch: max over patches of ‖δ_p‖₂), `[n]`, for checks. */
export function ballNorms(delta: tf.Tensor2D, ball: Ball): tf.Tensor1D {
  return tf.tidy(() => {
    const [rows, d] = delta.shape;
    const n = rows / ball.P;
    if (ball.norm === 'linf') return tf.max(tf.reshape(tf.abs(delta), [n, ball.P * d]), 1) as tf.Tensor1D;
    if (ball.norm === 'l2') return tf.reshape(rowNorms(grouped(delta, ball)), [n]) as tf.Tensor1D;
    return tf.max(tf.reshape(rowNorms(delta), [n, ball.P]), 1) as tf.Tensor1D;
  });
}

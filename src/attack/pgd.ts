import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import { forwardBackward, inputGradient, type NetConstants } from '../model/network.js';
import { tidyObject } from '../util/tidy.js';
import { isZeroRadius, normaliseStep, project, randomStart, type Ball } from './ball.js';

/** One attack's settings (the training attack, or the PGD evaluation). */
export interface AttackSpec extends Ball {
  /** Ascent steps. */
  steps: number;
  stepSize: number;
  randomStart: boolean;
}

/**
 * Projected gradient ascent on the per-sample cross-entropy (MODEL §3):
 * δ ← Proj(δ + stepSize · normalise(∇_X L(W; X + δ, y))), from δ = 0 or a uniform random start.
 * Returns the final iterate `[n·P, d]` (caller owns it). eps = 0 returns zeros: a no-op.
 */
export function pgdAttack(X2: tf.Tensor2D, W: tf.Tensor2D, Y: tf.Tensor2D, c: NetConstants, spec: AttackSpec, rng: Rng | null): tf.Tensor2D {
  const [rows, d] = X2.shape;
  let delta = spec.randomStart && rng ? randomStart(rows, d, spec, rng) : tf.zeros([rows, d]) as tf.Tensor2D;
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
 * PGD evaluation (MODEL §4): random start, `steps` steps, and per sample the iterate with the highest
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
        delta: tf.reshape(tf.where(betterCol, tf.reshape(delta, [n, -1]), tf.reshape(best.delta, [n, -1])), [rows, d]) as tf.Tensor2D,
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

import type { PerturbationNorm } from '../regime/types.js';
import type { ActivationParams, NetShape } from '../model/network.js';

/**
 * The surface a user implements to have their own adversarial-training code checked by
 * {@link checkTrainer}. Everything crosses it as plain typed arrays in the export layout of
 * docs/cli.md#export, so any implementation can sit behind it: plain TypeScript, another tfjs model, or
 * PyTorch/JAX in a subprocess (the methods may return promises).
 *
 * Layouts (row-major, float32 unless noted):
 * - `X`, `delta`: `[n, P, d]`, sample i, patch p, coordinate t at `(i·P + p)·d + t`;
 * - `W`: `[k, m, d]`, filter w_{j,r} at `(j·m + r)·d`;
 * - `y`: `[n]` int32, 0-based classes.
 */

/** The network a trainer trains (docs/model.md#network): sizes of one batch and the smoothed-ReLU constants. */
export interface NetworkShape extends NetShape, ActivationParams {}

/**
 * The perturbation budget and the ascent schedule of one attack (docs/model.md#training):
 * δ = 0 (or a uniform random point of the ball), then `steps` times
 * δ ← Proj(δ + stepSize · normalise(∇_X L(W; X + δ, y))).
 */
export interface AttackBudget {
  /** `"patch-l2"`: ‖δ_p‖₂ ≤ eps per patch; `"l2"`: ‖δ‖₂ ≤ eps per sample; `"linf"`: |δ| ≤ eps per coordinate. */
  norm: PerturbationNorm;
  /** Radius, ≥ 0. `eps = 0` must give δ = 0 exactly. */
  eps: number;
  /** Ascent steps K ≥ 0. With 0 steps the attack returns its start (0, or the random start). */
  steps: number;
  /** Step size (may be smaller or larger than eps). */
  stepSize: number;
  /** Start from a uniform random point of the ball instead of 0. */
  randomStart: boolean;
}

/** What {@link Trainer.attack} receives. Arrays are read-only inputs: do not modify them. */
export interface AttackInput {
  /** Weights `[k, m, d]`. */
  W: Float32Array;
  /** Clean inputs `[n, P, d]`. */
  X: Float32Array;
  /** Labels `[n]`. */
  y: Int32Array;
  budget: AttackBudget;
  /** Seeds the random start: the same input and seed must give the same δ. */
  seed: number;
  shape: NetworkShape;
}

/** What {@link Trainer.update} receives. Arrays are read-only inputs: do not modify them. */
export interface UpdateInput {
  /** Weights `[k, m, d]` before the step. */
  W: Float32Array;
  /** Clean inputs `[n, P, d]`. */
  X: Float32Array;
  /** Labels `[n]`. */
  y: Int32Array;
  /**
   * The perturbation to train at, `[n, P, d]` (adversarial training: the loss is taken at X + δ), or
   * null for a standard-training step at X.
   */
  delta: Float32Array | null;
  /** Learning rate. */
  eta: number;
  shape: NetworkShape;
}

/** A value or a promise of it: a trainer may answer synchronously or asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * A user's adversarial-training implementation, cut at its two algorithmic pieces (docs/model.md#training):
 *
 * - `attack` returns the perturbation δ `[n, P, d]` of the training attack at the given weights;
 * - `update` returns the weights after one gradient-descent step W − eta·∇_W L(W; X + δ, y), with the
 *   mean cross-entropy over the batch (δ = null: at X).
 *
 * An adversarial-training step is `update({…, delta: attack({…})})`; a standard one is
 * `update({…, delta: null})`. Both receive the clean batch, so the code that applies δ to X
 * belongs to the implementation under test. A trainer may keep state between calls (a real one
 * often does, e.g. gradient buffers), which is why the checks call `attack` before `update` as a
 * training loop would.
 */
export interface Trainer {
  /** Shown in verdicts and test names. */
  readonly name: string;
  attack(input: AttackInput): MaybePromise<Float32Array>;
  update(input: UpdateInput): MaybePromise<Float32Array>;
}

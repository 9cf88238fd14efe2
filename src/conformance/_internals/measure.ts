import * as tf from '@tensorflow/tfjs';
import { ballNorms, normaliseStep, project } from '../../attack/ball.js';
import { correctMask } from '../../measure/accuracy.js';
import { forwardBackward, inputGradient } from '../../model/network.js';
import type { AttackBudget, NetworkShape } from '../types.js';
import { readFloat32, withBatch, type BatchTensors } from './tensors.js';

/** Loss and accuracy of W at X + δ (at X when δ is null), measured by our network. */
export interface PointMeasure {
  /** Per-sample cross-entropy `[n]`. */
  loss: Float32Array;
  /** Mean cross-entropy. */
  meanLoss: number;
  /** Samples classified correctly. */
  correct: number;
}

function perturbed(t: BatchTensors, delta: Float32Array | null): tf.Tensor2D {
  return delta === null ? tf.clone(t.X2) : (tf.add(t.X2, tf.tensor2d(delta, t.X2.shape)) as tf.Tensor2D);
}

/** Our loss and accuracy at X + δ: the yardstick of the attack checks, whoever made δ. */
export function measureAt(shape: NetworkShape, W: Float32Array, X: Float32Array, y: Int32Array, delta: Float32Array | null): PointMeasure {
  return withBatch(shape, W, X, y, (t) => {
    const out = tf.tidy(() => {
      const { F, loss } = forwardBackward(perturbed(t, delta), t.W, t.Y, t.net);
      return { loss, correct: tf.sum(correctMask(F, t.y)) };
    });
    const correct = out.correct.dataSync()[0];
    out.correct.dispose();
    const loss = readFloat32(out.loss);
    let sum = 0;
    for (const v of loss) sum += v;
    return { loss, meanLoss: sum / loss.length, correct };
  });
}

/** Per-sample size of δ in the budget's own norm `[n]` (patch-l2: the largest patch norm). */
export function budgetNorms(shape: NetworkShape, norm: AttackBudget['norm'], delta: Float32Array): Float32Array {
  const t = tf.tensor2d(delta, [shape.n * shape.P, shape.d]);
  try {
    return readFloat32(ballNorms(t, { norm, eps: 0, P: shape.P }));
  } finally {
    t.dispose();
  }
}

/** One reference ascent step and the input gradient it was taken along. */
export interface AscentStep {
  /** Proj(δ + stepSize · normalise(g)) `[n, P, d]`. */
  next: Float32Array;
  /** g = ∇_X of the summed loss at X + δ, `[n, P, d]`. */
  gradient: Float32Array;
}

/**
 * One ascent step of docs/model.md#training from a given iterate, with our gradient, normalisation and projection:
 * Proj(δ + stepSize · normalise(∇_X L(W; X + δ, y))). The yardstick of the step-rule check.
 */
export function referenceAscentStep(
  shape: NetworkShape,
  W: Float32Array,
  X: Float32Array,
  y: Int32Array,
  budget: AttackBudget,
  delta: Float32Array,
): AscentStep {
  return withBatch(shape, W, X, y, (t) => {
    const ball = { norm: budget.norm, eps: budget.eps, P: shape.P };
    const out = tf.tidy(() => {
      const current = tf.tensor2d(delta, t.X2.shape);
      const { D } = forwardBackward(tf.add(t.X2, current) as tf.Tensor2D, t.W, t.Y, t.net);
      const gradient = inputGradient(D, t.W);
      const next = project(tf.add(current, tf.mul(normaliseStep(gradient, ball), budget.stepSize)) as tf.Tensor2D, ball);
      return { next, gradient };
    });
    return { next: readFloat32(out.next), gradient: readFloat32(out.gradient) };
  });
}

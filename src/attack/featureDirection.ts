import * as tf from '@tensorflow/tfjs';
import type { PerturbationNorm } from '../regime/types.js';
import { exactSign } from './ball.js';

/**
 * The paper's description of adversarial examples as a fixed attack (docs/model.md#measurements): move every patch
 * along a negative non-robust direction. Untargeted δ_p = −c·v_y; targeted δ_p = c·(v_j − v_y)/√2
 * for a wrong class j. c = eps (patch-l2), eps/√P (l2, so ‖δ‖₂ = eps); for linf, eps·sign(·).
 * Each returns a per-sample perturbation `[n, d]`, the same on every patch.
 */
export function featureUntargeted(V: tf.Tensor2D, y: tf.Tensor1D, norm: PerturbationNorm, eps: number, P: number): tf.Tensor2D {
  return tf.tidy(() => scaleForNorm(tf.neg(tf.gather(V, y)) as tf.Tensor2D, norm, eps, P, 1));
}

/** Targeted form towards class (y + shift) mod k, for shift in 1..k−1: together they cover every wrong class. */
export function featureTargeted(
  V: tf.Tensor2D,
  y: tf.Tensor1D,
  k: number,
  shift: number,
  norm: PerturbationNorm,
  eps: number,
  P: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const target = tf.mod(tf.add(y, tf.scalar(shift, 'int32')), tf.scalar(k, 'int32')) as tf.Tensor1D;
    const dir = tf.sub(tf.gather(V, target), tf.gather(V, y)) as tf.Tensor2D;
    return scaleForNorm(dir, norm, eps, P, Math.SQRT1_2);
  });
}

function scaleForNorm(dir: tf.Tensor2D, norm: PerturbationNorm, eps: number, P: number, unitScale: number): tf.Tensor2D {
  if (norm === 'linf') return tf.mul(exactSign(dir), eps) as tf.Tensor2D;
  const c = norm === 'patch-l2' ? eps : eps / Math.sqrt(P);
  return tf.mul(dir, c * unitScale) as tf.Tensor2D;
}

/** Adds a per-sample `[n, d]` perturbation to every patch of flattened inputs `[n·P, d]`. */
export function addToEveryPatch(X2: tf.Tensor2D, perSample: tf.Tensor2D, P: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [rows, d] = X2.shape;
    const n = rows / P;
    return tf.reshape(tf.add(tf.reshape(X2, [n, P, d]), tf.reshape(perSample, [n, 1, d])), [rows, d]) as tf.Tensor2D;
  });
}

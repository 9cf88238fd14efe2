import * as tf from '@tensorflow/tfjs';
import type { EnergyShares } from './types.js';

/**
 * Shares of Σ_p ‖δ_p‖² in span{v}, span{u} and the rest (docs/model.md#measurements). The features are orthonormal,
 * so the energy in span{v} is Σ_p Σ_j ⟨δ_p, v_j⟩². A zero perturbation has no shares: all 0.
 */
export function energyShares(delta: tf.Tensor2D, Ut: tf.Tensor2D, Vt: tf.Tensor2D): EnergyShares & { total: number } {
  const t = tf.tidy(() =>
    tf.stack([tf.sum(tf.square(delta)), tf.sum(tf.square(tf.matMul(delta, Vt))), tf.sum(tf.square(tf.matMul(delta, Ut)))]),
  );
  const [total, v, u] = t.dataSync();
  t.dispose();
  if (!(total > 0)) return { v: 0, u: 0, rest: 0, total: 0 };
  return { v: v / total, u: u / total, rest: Math.max(0, total - v - u) / total, total };
}

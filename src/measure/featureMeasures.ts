import * as tf from '@tensorflow/tfjs';
import type { FeatureMeasures } from './types.js';

/**
 * Λ, Γ (max and mean over neurons) and Ξ of a weight tensor (docs/model.md#measurements). `Ut`, `Vt` are the feature
 * matrices transposed, `[d, k]`; `xi2` is the training noise `[n·P, d]`. Reads back only `[k·m, k]`
 * matrices and one scalar.
 */
export function featureMeasures(W: tf.Tensor2D, Ut: tf.Tensor2D, Vt: tf.Tensor2D, xi2: tf.Tensor2D, k: number, m: number): FeatureMeasures {
  const [wu, wv, xiT] = tf.tidy(() => [tf.matMul(W, Ut), tf.matMul(W, Vt), tf.max(tf.abs(tf.matMul(xi2, tf.transpose(W))))]);
  const WU = wu.dataSync();
  const WV = wv.dataSync();
  const xi = xiT.dataSync()[0];
  tf.dispose([wu, wv, xiT]);
  const lam = perClass(WU, k, m);
  const gam = perClass(WV, k, m);
  return {
    lambda: mean(lam.max),
    gamma: mean(gam.max),
    lambdaMean: mean(lam.mean),
    gammaMean: mean(gam.mean),
    lambdaPerClass: lam.max,
    gammaPerClass: gam.max,
    xi,
  };
}

/** From the `[k·m, k]` inner products ⟨w_{j,r}, f_c⟩, the max and mean over r of ⟨w_{j,r}, f_j⟩. */
function perClass(M: ArrayLike<number>, k: number, m: number): { max: number[]; mean: number[] } {
  const max: number[] = [];
  const avg: number[] = [];
  for (let j = 0; j < k; j++) {
    let mx = -Infinity;
    let s = 0;
    for (let r = 0; r < m; r++) {
      const v = M[(j * m + r) * k + j];
      mx = Math.max(mx, v);
      s += v;
    }
    max.push(mx);
    avg.push(s / m);
  }
  return { max, mean: avg };
}

function mean(a: number[]): number {
  return a.reduce((s, x) => s + x, 0) / a.length;
}

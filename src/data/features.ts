import type { Rng } from '../random/rng.js';
import type { FeatureBasis } from '../regime/types.js';
import type { Features } from './types.js';

/**
 * The 2k orthonormal feature vectors (docs/model.md#data, [choice]): u_0..u_{k−1}, v_0..v_{k−1}.
 * "standard": u_j = e_j, v_j = e_{k+j}. "random": Gaussian vectors orthonormalised by modified
 * Gram–Schmidt in float64 (then stored as float32), from the `features` stream.
 */
export function makeFeatures(k: number, d: number, basis: FeatureBasis, rng: Rng): Features {
  if (2 * k > d) throw new RangeError(`makeFeatures: need 2k ≤ d, got k=${k}, d=${d}`);
  const rows: Float64Array[] = [];
  for (let i = 0; i < 2 * k; i++) {
    const r = new Float64Array(d);
    if (basis === 'standard') r[i] = 1;
    else rng.fillNormal(r);
    rows.push(r);
  }
  if (basis === 'random') {
    for (let i = 0; i < rows.length; i++) {
      // Two passes of modified Gram–Schmidt: one pass loses orthogonality at float64 epsilon·cond.
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j < i; j++) {
          const dot = dotF64(rows[i], rows[j]);
          for (let t = 0; t < d; t++) rows[i][t] -= dot * rows[j][t];
        }
      }
      const norm = Math.sqrt(dotF64(rows[i], rows[i]));
      for (let t = 0; t < d; t++) rows[i][t] /= norm;
    }
  }
  const U = new Float32Array(k * d);
  const V = new Float32Array(k * d);
  for (let j = 0; j < k; j++) {
    U.set(rows[j], j * d);
    V.set(rows[k + j], j * d);
  }
  return { k, d, U, V };
}

function dotF64(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Row j of a `[k·d]` feature matrix, as a view. */
export function featureRow(M: Float32Array, j: number, d: number): Float32Array {
  return M.subarray(j * d, (j + 1) * d);
}

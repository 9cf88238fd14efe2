import type { Rng } from '../random/rng.js';
import type { Regime } from '../regime/types.js';
import type { Dataset, Features } from './types.js';
import { PATCH_NON_ROBUST, PATCH_ROBUST } from './types.js';

/**
 * Draws n samples of the patch-structured data model (docs/model.md#data). Per sample, in this order:
 * label y ~ U{0..k−1}; J_R then J_NR as the first sR and next sNR entries of a random permutation of
 * the P patches; α_p ~ U[alphaMin, alphaMax] on J_R, β_p ~ U[betaMin, betaMax] on J_NR; noise
 * ξ_p ~ N(0, sigmaN² Π) on every patch, Π = I minus the projector on the features ("orthogonal") or
 * Π = I ("isotropic"). x_p = α_p u_y + ξ_p on J_R, β_p v_y + ξ_p on J_NR, ξ_p elsewhere.
 */
export function makeDataset(regime: Regime, features: Features, n: number, rng: Rng): Dataset {
  const { k, d, P, sR, sNR, sigmaN } = regime;
  const X = new Float32Array(n * P * d);
  const xi = new Float32Array(n * P * d);
  const y = new Int32Array(n);
  const patchKind = new Uint8Array(n * P);
  const coef = new Float32Array(n * P);
  const g = new Float64Array(d);
  const featureRows = allFeatureRows(features);
  for (let i = 0; i < n; i++) {
    const label = rng.int(k);
    y[i] = label;
    const perm = rng.partialPermutation(P, sR + sNR);
    for (let t = 0; t < sR + sNR; t++) {
      const p = perm[t];
      const robust = t < sR;
      patchKind[i * P + p] = robust ? PATCH_ROBUST : PATCH_NON_ROBUST;
      coef[i * P + p] = robust ? rng.uniformIn(regime.alphaMin, regime.alphaMax) : rng.uniformIn(regime.betaMin, regime.betaMax);
    }
    for (let p = 0; p < P; p++) {
      rng.fillNormal(g, sigmaN);
      if (regime.noise === 'orthogonal') projectOut(g, featureRows);
      const base = (i * P + p) * d;
      const kind = patchKind[i * P + p];
      const c = coef[i * P + p];
      const f = kind === PATCH_ROBUST ? features.U : kind === PATCH_NON_ROBUST ? features.V : null;
      for (let t = 0; t < d; t++) {
        xi[base + t] = g[t];
        X[base + t] = f ? c * f[label * d + t] + g[t] : g[t];
      }
    }
  }
  return { n, P, d, k, X, y, patchKind, coef, xi };
}

function allFeatureRows(f: Features): Float64Array[] {
  const rows: Float64Array[] = [];
  for (const M of [f.U, f.V]) for (let j = 0; j < f.k; j++) rows.push(Float64Array.from(M.subarray(j * f.d, (j + 1) * f.d)));
  return rows;
}

/** g ← (I − Σ_r r rᵀ) g for orthonormal rows r. */
function projectOut(g: Float64Array, rows: Float64Array[]): void {
  for (const r of rows) {
    let dot = 0;
    for (let t = 0; t < g.length; t++) dot += g[t] * r[t];
    for (let t = 0; t < g.length; t++) g[t] -= dot * r[t];
  }
}

/**
 * Independent float64 implementations of the measurements, for the tests only: plain nested loops
 * over the indices the definitions name (j, r, i, p, coordinates), straight from the definitions,
 * with no tensors and none of the production code's shortcuts (no `[k·m, k]` product matrix, no
 * "total − v − u" for the rest share, no per-norm scale helper). Slow; small shapes only.
 *
 * Layouts: W `[k, m, d]` (row j·m + r is w_{j,r}); U, V `[k, d]`; noise and inputs `[n, P, d]`.
 */
import type { PerturbationNorm } from '../../src/regime/types.js';

function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += a[aOff + t] * b[bOff + t];
  return s;
}

export interface LoopFeatureMeasures {
  lambda: number;
  gamma: number;
  lambdaMean: number;
  gammaMean: number;
  lambdaPerClass: number[];
  gammaPerClass: number[];
  xi: number;
}

/** Λ_j = max_r ⟨w_{j,r}, u_j⟩, Γ_j = max_r ⟨w_{j,r}, v_j⟩, their means over j; the means over r; Ξ = max_{j,r,i,p} |⟨w_{j,r}, ξ_{i,p}⟩|. */
export function loopFeatureMeasures(
  W: ArrayLike<number>,
  U: ArrayLike<number>,
  V: ArrayLike<number>,
  xi: ArrayLike<number>,
  s: { k: number; m: number; d: number; n: number; P: number },
): LoopFeatureMeasures {
  const { k, m, d, n, P } = s;
  const lambdaPerClass: number[] = [];
  const gammaPerClass: number[] = [];
  let lamMeanSum = 0;
  let gamMeanSum = 0;
  let xiMax = 0;
  for (let j = 0; j < k; j++) {
    let lamMax = -Infinity;
    let gamMax = -Infinity;
    let lamSum = 0;
    let gamSum = 0;
    for (let r = 0; r < m; r++) {
      const w = (j * m + r) * d;
      const lu = dot(W, w, U, j * d, d);
      const gv = dot(W, w, V, j * d, d);
      if (lu > lamMax) lamMax = lu;
      if (gv > gamMax) gamMax = gv;
      lamSum += lu;
      gamSum += gv;
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < P; p++) {
          const a = Math.abs(dot(W, w, xi, (i * P + p) * d, d));
          if (a > xiMax) xiMax = a;
        }
      }
    }
    lambdaPerClass.push(lamMax);
    gammaPerClass.push(gamMax);
    lamMeanSum += lamSum / m;
    gamMeanSum += gamSum / m;
  }
  let lam = 0;
  let gam = 0;
  for (let j = 0; j < k; j++) {
    lam += lambdaPerClass[j] / k;
    gam += gammaPerClass[j] / k;
  }
  return { lambda: lam, gamma: gam, lambdaMean: lamMeanSum / k, gammaMean: gamMeanSum / k, lambdaPerClass, gammaPerClass, xi: xiMax };
}

/** Orthonormal basis (rows) of the span of the given rows, by Gram–Schmidt in float64. */
function orthonormalRows(M: ArrayLike<number>, rows: number, d: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let a = 0; a < rows; a++) {
    const v = Float64Array.from({ length: d }, (_, t) => M[a * d + t]);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of out) {
        const c = dot(v, 0, b, 0, d);
        for (let t = 0; t < d; t++) v[t] -= c * b[t];
      }
    }
    const nrm = Math.sqrt(dot(v, 0, v, 0, d));
    if (nrm > 1e-9) out.push(v.map((x) => x / nrm));
  }
  return out;
}

/**
 * Shares of Σ_p ‖δ_p‖² in span{v}, span{u} and the rest, from explicit projections: each patch row is
 * projected onto an orthonormal basis of span{v} and of span{u} built here, and the rest is the
 * squared norm of what remains after subtracting both projections (computed, not by difference).
 */
export function loopEnergyShares(
  delta: ArrayLike<number>,
  rows: number,
  d: number,
  U: ArrayLike<number>,
  V: ArrayLike<number>,
  k: number,
): { v: number; u: number; rest: number; total: number } {
  const bu = orthonormalRows(U, k, d);
  const bv = orthonormalRows(V, k, d);
  let total = 0;
  let ev = 0;
  let eu = 0;
  let er = 0;
  const res = new Float64Array(d);
  for (let p = 0; p < rows; p++) {
    for (let t = 0; t < d; t++) res[t] = delta[p * d + t];
    for (let t = 0; t < d; t++) total += res[t] * res[t];
    for (const [basis, which] of [
      [bv, 'v'],
      [bu, 'u'],
    ] as const) {
      const proj = new Float64Array(d);
      for (const b of basis) {
        const c = dot(delta, p * d, b, 0, d);
        for (let t = 0; t < d; t++) proj[t] += c * b[t];
      }
      let sq = 0;
      for (let t = 0; t < d; t++) {
        sq += proj[t] * proj[t];
        res[t] -= proj[t];
      }
      if (which === 'v') ev += sq;
      else eu += sq;
    }
    for (let t = 0; t < d; t++) er += res[t] * res[t];
  }
  if (!(total > 0)) return { v: 0, u: 0, rest: 0, total: 0 };
  return { v: ev / total, u: eu / total, rest: er / total, total };
}

/**
 * The feature-direction perturbation of one sample with label y, `[P, d]`, patch by patch:
 * untargeted (target = null) δ_p = −c·v_y; targeted δ_p = c·(v_target − v_y)/√2; with c = eps for
 * patch-l2 and eps/√P for l2; for linf, eps times the sign of the same direction.
 */
export function loopFeaturePerturbation(
  V: ArrayLike<number>,
  d: number,
  P: number,
  y: number,
  target: number | null,
  norm: PerturbationNorm,
  eps: number,
): Float64Array {
  const out = new Float64Array(P * d);
  for (let p = 0; p < P; p++) {
    for (let t = 0; t < d; t++) {
      const dir = target === null ? -V[y * d + t] : (V[target * d + t] - V[y * d + t]) / Math.SQRT2;
      let value: number;
      if (norm === 'patch-l2') value = eps * dir;
      else if (norm === 'l2') value = (eps / Math.sqrt(P)) * dir;
      else value = dir > 0 ? eps : dir < 0 ? -eps : 0;
      out[p * d + t] = value;
    }
  }
  return out;
}

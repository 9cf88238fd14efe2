import type { AttackBudget, NetworkShape } from '../types.js';

/** Largest |a_i|; 0 for an empty array; NaN if any entry is NaN. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  return m;
}

export { relativeError } from '../../util/arrays.js';

/** `a − b` elementwise, in float64. */
export function difference(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

/** Rows `perm[i]` of a row-major array of `rowSize`-element rows, in that order (sample i ← sample perm[i]). */
export function gatherRows<T extends Float32Array | Int32Array>(a: T, perm: ArrayLike<number>, rowSize: number): T {
  const out = new (a.constructor as new (n: number) => T)(a.length);
  for (let i = 0; i < perm.length; i++) out.set(a.subarray(perm[i] * rowSize, (perm[i] + 1) * rowSize), i * rowSize);
  return out;
}

/** Elements of one budget block: a patch (patch-l2), a sample (l2) or a coordinate (linf). */
export function blockSize(norm: AttackBudget['norm'], shape: NetworkShape): number {
  return norm === 'patch-l2' ? shape.d : norm === 'l2' ? shape.P * shape.d : 1;
}

/**
 * Coordinates where one ascent step is determined to float32 precision by its gradient `g`:
 * normalise() is discontinuous where a block's gradient vanishes (sign(0) for linf, 0/0 for the ℓ2
 * balls), so a block whose gradient is below `relTol` times the largest in its sample (linf:
 * coordinates against the sample's largest |g_i|; patch-l2: patches; l2: samples against the
 * batch's largest) may legitimately step anywhere between two implementations' roundings.
 */
export function determinedCoordinates(g: Float32Array, norm: AttackBudget['norm'], shape: NetworkShape, relTol: number): Uint8Array {
  const size = blockSize(norm, shape);
  const blocks = g.length / size;
  const norms = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let s = 0;
    for (let i = b * size; i < (b + 1) * size; i++) s += g[i] * g[i];
    norms[b] = Math.sqrt(s);
  }
  // The scale a block is compared with: its sample (several blocks per sample) or the batch (l2).
  const perSample = norm === 'l2' ? blocks : blocks / shape.n;
  const out = new Uint8Array(g.length);
  for (let start = 0; start < blocks; start += perSample) {
    let scale = 0;
    for (let b = start; b < start + perSample; b++) scale = Math.max(scale, norms[b]);
    for (let b = start; b < start + perSample; b++) {
      if (norms[b] > relTol * scale) out.fill(1, b * size, (b + 1) * size);
    }
  }
  return out;
}

/** Largest |a_i − b_i| over the coordinates where `mask` is 1. */
export function maxAbsDiffWhere(a: ArrayLike<number>, b: ArrayLike<number>, mask: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    const v = Math.abs(a[i] - b[i]);
    if (!(v <= m)) m = v; // NaN propagates
  }
  return m;
}

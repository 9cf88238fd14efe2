import type { ActivationParams, NetShape } from './network.js';
import { smoothedRelu, smoothedReluDerivative } from '../regime/smoothedRelu.js';

/**
 * A small, independent float64 implementation of the network, loss and gradients in plain
 * TypeScript loops (no tfjs). It is the reference the tensor code is checked against; it is slow
 * (O(n·P·k·m·d) scalar work) and meant for small shapes only.
 */
export interface Reference64Input extends NetShape, ActivationParams {
  /** `[n, P, d]` row-major. */
  X: ArrayLike<number>;
  /** `[n]` labels. */
  y: ArrayLike<number>;
  /** `[k, m, d]` row-major. */
  W: ArrayLike<number>;
}

export interface Reference64Output {
  /** `[n, k]`. */
  logits: Float64Array;
  /** Mean cross-entropy. */
  loss: number;
  /** Per-sample cross-entropy `[n]`. */
  perSample: Float64Array;
  /** ∂(mean loss)/∂W `[k, m, d]`. */
  gradW: Float64Array;
  /** ∂(mean loss)/∂X `[n, P, d]`. */
  gradX: Float64Array;
}

export function reference64(inp: Reference64Input): Reference64Output {
  const { X, y, W, n, P, d, k, m, q, rho } = inp;
  const logitsOut = new Float64Array(n * k);
  const perSample = new Float64Array(n);
  const gradW = new Float64Array(k * m * d);
  const gradX = new Float64Array(n * P * d);
  const z = new Float64Array(P * k * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < P; p++) {
      for (let jr = 0; jr < k * m; jr++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += W[jr * d + t] * X[(i * P + p) * d + t];
        z[p * k * m + jr] = s;
      }
    }
    const F = new Float64Array(k);
    for (let p = 0; p < P; p++)
      for (let j = 0; j < k; j++) for (let r = 0; r < m; r++) F[j] += smoothedRelu(z[p * k * m + j * m + r], q, rho);
    let maxF = -Infinity;
    for (let j = 0; j < k; j++) maxF = Math.max(maxF, F[j]);
    let sumExp = 0;
    for (let j = 0; j < k; j++) sumExp += Math.exp(F[j] - maxF);
    const lse = maxF + Math.log(sumExp);
    perSample[i] = lse - F[y[i]];
    for (let j = 0; j < k; j++) logitsOut[i * k + j] = F[j];
    // G_j = softmax_j − [j = y]; the mean over samples contributes 1/n.
    for (let j = 0; j < k; j++) {
      const g = (Math.exp(F[j] - lse) - (j === y[i] ? 1 : 0)) / n;
      if (g === 0) continue;
      for (let p = 0; p < P; p++) {
        for (let r = 0; r < m; r++) {
          const jr = j * m + r;
          const dz = g * smoothedReluDerivative(z[p * k * m + jr], q, rho);
          if (dz === 0) continue;
          for (let t = 0; t < d; t++) {
            gradW[jr * d + t] += dz * X[(i * P + p) * d + t];
            gradX[(i * P + p) * d + t] += dz * W[jr * d + t];
          }
        }
      }
    }
  }
  let loss = 0;
  for (let i = 0; i < n; i++) loss += perSample[i];
  return { logits: logitsOut, loss: loss / n, perSample, gradW, gradX };
}

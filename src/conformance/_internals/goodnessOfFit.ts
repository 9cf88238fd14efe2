import { regularizedIncompleteBeta } from '../../stats/incompleteBeta.js';

/**
 * One-sample Kolmogorov–Smirnov test of draws against a continuous CDF: the statistic
 * D = sup |F_N − F| and its asymptotic p-value (Kolmogorov distribution, Stephens' small-sample
 * correction λ = (√N + 0.12 + 0.11/√N)·D).
 */
export interface KsResult {
  n: number;
  statistic: number;
  pValue: number;
}

export function ksTest(values: readonly number[], cdf: (x: number) => number): KsResult {
  const n = values.length;
  if (n === 0) return { n, statistic: NaN, pValue: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    if (Number.isNaN(f)) return { n, statistic: NaN, pValue: NaN };
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return { n, statistic: d, pValue: kolmogorovPValue((Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d) };
}

/** P(K > λ) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) exp(−2k²λ²). */
export function kolmogorovPValue(lambda: number): number {
  if (lambda < 0.3) return 1; // the series converges slowly there, and P(K > 0.3) > 0.9999
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** CDF of U[0, 1]. */
export const uniformCdf = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);

/**
 * CDF of ⟨u, a⟩ for u uniform on the unit sphere of R^D and a fixed unit vector a (also of ⟨u, v⟩
 * for two independent uniform directions): (t + 1)/2 ~ Beta((D − 1)/2, (D − 1)/2). D ≥ 2.
 */
export function sphereProjectionCdf(D: number): (t: number) => number {
  const a = (D - 1) / 2;
  return (t) => (t <= -1 ? 0 : t >= 1 ? 1 : regularizedIncompleteBeta((t + 1) / 2, a, a));
}

/** CDF of (x − y)/2 for independent x, y ~ U[−1, 1]: the triangular distribution on [−1, 1]. */
export const triangularCdf = (t: number): number => (t <= -1 ? 0 : t >= 1 ? 1 : t <= 0 ? (1 + t) ** 2 / 2 : 1 - (1 - t) ** 2 / 2);

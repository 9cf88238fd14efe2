/**
 * Goodness-of-fit tests for random starts in a perturbation set, and the wrong starts their power is
 * measured against. Test statistics only (float64, no tensors); the start under test is passed in.
 *
 * A start is summarised per unit (one ball: a patch row for patch-l2 and linf, a whole sample for
 * l2; D = its dimension). Six tests, each at level ALPHA:
 *  1. radius: (‖δ‖/eps)^D against U[0, 1] (Kolmogorov–Smirnov); for linf, ‖·‖∞ (the cube's
 *     P(‖δ‖∞ ≤ r·eps) = r^D makes the same statistic uniform);
 *  2–3. directions: for the ℓ2 balls, the projection t = ⟨δ/‖δ‖, e⟩ onto a coordinate axis and onto a
 *     fixed random unit vector, (1 + t)/2 against Beta((D−1)/2, (D−1)/2) (KS), the law of one
 *     coordinate of a uniform point on the sphere; for linf, the first and the last coordinate,
 *     (δ_t/eps + 1)/2 against U[0, 1];
 *  4. independence across samples: lag-1 correlation of the radius statistic over consecutive units
 *     (√N·r against N(0, 1));
 *  5–6. independence of directions of neighbouring units, over the disjoint pairs (2s, 2s+1) and
 *     (2s+1, 2s+2): for the ℓ2 balls ⟨θ_a, θ_b⟩, which for independent uniform directions has the
 *     law of test 2 (KS); for linf the correlation of the first coordinate over the pairs.
 * With ALPHA = 0.001 the family of six rejects a correct start with probability ≤ 0.6 %
 * (Bonferroni); the measured rates are in properties/attack/randomStart.test.ts.
 */
import { regularizedIncompleteBeta } from '../../src/stats/incompleteBeta.js';
import type { Rng } from '../../src/random/rng.js';
import type { Ball } from '../../src/attack/ball.js';

export const ALPHA = 0.001;

/** Kolmogorov–Smirnov statistic sup |F_n − F| of samples against a continuous CDF. */
export function ksStatistic(samples: readonly number[] | Float64Array, cdf: (x: number) => number): number {
  const x = Float64Array.from(samples).sort();
  const n = x.length;
  let dMax = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(x[i]);
    dMax = Math.max(dMax, f - i / n, (i + 1) / n - f);
  }
  return dMax;
}

/** P(D_n ≥ d) by the Kolmogorov limit law with Stephens' finite-n correction (good for n ≥ 35). */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let p = 0;
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
    p += term;
    if (Math.abs(term) < 1e-16) break;
  }
  return Math.min(1, Math.max(0, p));
}

/** erfc(x) by Numerical Recipes' Chebyshev fit erfcc (relative error < 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a zero correlation: √n·r against N(0, 1). */
export function correlationPValue(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  if (!(saa > 0 && sbb > 0)) return 0; // a constant series is not an independent draw
  const r = sab / Math.sqrt(saa * sbb);
  return erfc((Math.abs(r) * Math.sqrt(n)) / Math.SQRT2);
}

export interface GofResult {
  /** Test name → p-value. */
  p: Record<string, number>;
  /** Names of the tests with p < ALPHA. */
  rejected: string[];
}

/** Units of a start `[rows, d]` for a ball: their flat data and dimension D. */
function units(start: Float32Array, rows: number, d: number, ball: Ball): { D: number; count: number } {
  const D = ball.norm === 'l2' ? ball.P * d : d;
  return { D, count: (rows * d) / D };
}

/**
 * The six tests of a start `[rows, d]` drawn for `ball`. `direction` is a fixed unit vector of
 * dimension D (the second projection test); the first is the axis e_0.
 */
export function gofTests(start: Float32Array, rows: number, d: number, ball: Ball, direction: Float64Array): GofResult {
  const { D, count } = units(start, rows, d, ball);
  const { eps } = ball;
  const radius = new Float64Array(count);
  const projA = new Float64Array(count);
  const projB = new Float64Array(count);
  const dirs: Float64Array[] = [];
  for (let s = 0; s < count; s++) {
    const off = s * D;
    let sq = 0;
    let mx = 0;
    let dot = 0;
    for (let t = 0; t < D; t++) {
      const v = start[off + t];
      sq += v * v;
      mx = Math.max(mx, Math.abs(v));
      dot += v * direction[t];
    }
    const norm = ball.norm === 'linf' ? mx : Math.sqrt(sq);
    radius[s] = Math.min(1, Math.pow(norm / eps, D));
    if (ball.norm === 'linf') {
      projA[s] = (start[off] / eps + 1) / 2;
      projB[s] = (start[off + D - 1] / eps + 1) / 2;
    } else {
      const len = Math.sqrt(sq);
      projA[s] = len > 0 ? (1 + start[off] / len) / 2 : 0.5;
      projB[s] = len > 0 ? (1 + dot / len) / 2 : 0.5;
      const th = new Float64Array(D);
      for (let t = 0; t < D; t++) th[t] = len > 0 ? start[off + t] / len : 0;
      dirs.push(th);
    }
  }
  const half = (D - 1) / 2;
  const uniform = (x: number) => Math.min(1, Math.max(0, x));
  const projCdf = ball.norm === 'linf' ? uniform : (x: number) => regularizedIncompleteBeta(Math.min(1, Math.max(0, x)), half, half);
  const ks = (xs: Float64Array, cdf: (x: number) => number) => ksPValue(ksStatistic(xs, cdf), xs.length);
  const p: Record<string, number> = {
    radius: ks(radius, uniform),
    directionAxis: ks(projA, projCdf),
    directionRandom: ks(projB, projCdf),
    radiusLag1: correlationPValue(radius.subarray(0, count - 1), radius.subarray(1)),
  };
  for (const offset of [0, 1]) {
    const pairs = Math.floor((count - offset) / 2);
    if (ball.norm === 'linf') {
      const a = new Float64Array(pairs);
      const b = new Float64Array(pairs);
      for (let s = 0; s < pairs; s++) {
        a[s] = projA[offset + 2 * s];
        b[s] = projA[offset + 2 * s + 1];
      }
      p[`pairs${offset}`] = correlationPValue(a, b);
    } else {
      const c = new Float64Array(pairs);
      for (let s = 0; s < pairs; s++) {
        const x = dirs[offset + 2 * s];
        const y = dirs[offset + 2 * s + 1];
        let dot = 0;
        for (let t = 0; t < D; t++) dot += x[t] * y[t];
        c[s] = (1 + dot) / 2;
      }
      p[`pairs${offset}`] = ks(c, projCdf);
    }
  }
  return {
    p,
    rejected: Object.entries(p)
      .filter(([, v]) => v < ALPHA)
      .map(([k]) => k),
  };
}

/** A fixed random unit vector of dimension D from its own seed. */
export function unitVector(D: number, rng: Rng): Float64Array {
  const v = rng.fillNormal(new Float64Array(D)) as Float64Array;
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

export type StartFn = (rows: number, d: number, ball: Ball, rng: Rng) => Float32Array;

/** Rescales every unit of a start to the given radius (in the ball's norm), per unit. */
function rescaleUnits(start: Float32Array, rows: number, d: number, ball: Ball, radius: (s: number) => number): Float32Array {
  const { D, count } = units(start, rows, d, ball);
  const out = new Float32Array(start.length);
  for (let s = 0; s < count; s++) {
    let sq = 0;
    let mx = 0;
    for (let t = 0; t < D; t++) {
      sq += start[s * D + t] ** 2;
      mx = Math.max(mx, Math.abs(start[s * D + t]));
    }
    const norm = ball.norm === 'linf' ? mx : Math.sqrt(sq);
    const f = norm > 0 ? radius(s) / norm : 0;
    for (let t = 0; t < D; t++) out[s * D + t] = start[s * D + t] * f;
  }
  return out;
}

/**
 * Wrong starts, each built from a correct start `good` so that only the named property is broken:
 *  - sphere: every unit on the boundary, ‖δ‖ = eps (uniform directions kept);
 *  - linearRadius: radius eps·U with U ~ U[0, 1] (directions kept) instead of eps·U^(1/D);
 *  - cubeDirections (ℓ2 balls): directions from a uniform point of the cube [−1, 1]^D, normalised
 *    (piles up towards the diagonals), radius law kept;
 *  - paired: unit 2s+1 repeats unit 2s (each draw used twice).
 */
export function wrongStarts(good: StartFn): Record<string, StartFn> {
  return {
    sphere: (rows, d, ball, rng) => rescaleUnits(good(rows, d, ball, rng), rows, d, ball, () => ball.eps),
    linearRadius: (rows, d, ball, rng) => {
      const start = good(rows, d, ball, rng);
      return rescaleUnits(start, rows, d, ball, () => ball.eps * rng.uniform());
    },
    cubeDirections: (rows, d, ball, rng) => {
      const { D, count } = units(new Float32Array(rows * d), rows, d, ball);
      const out = new Float32Array(rows * d);
      for (let s = 0; s < count; s++) {
        let sq = 0;
        for (let t = 0; t < D; t++) {
          out[s * D + t] = 2 * rng.uniform() - 1;
          sq += out[s * D + t] ** 2;
        }
        const f = (ball.eps * Math.pow(rng.uniform(), 1 / D)) / Math.sqrt(sq);
        for (let t = 0; t < D; t++) out[s * D + t] *= f;
      }
      return out;
    },
    paired: (rows, d, ball, rng) => {
      const start = good(rows, d, ball, rng);
      const { D, count } = units(start, rows, d, ball);
      for (let s = 1; s < count; s += 2) start.copyWithin(s * D, (s - 1) * D, s * D);
      return start;
    },
  };
}

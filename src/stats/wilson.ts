/** A proportion with its 95 % Wilson interval. */
export interface Proportion {
  value: number;
  lower: number;
  upper: number;
  /** Successes. */
  count: number;
  /** Trials. */
  n: number;
}

/**
 * The standard-normal quantile Φ⁻¹(0.975): a two-sided 95 % interval.
 * Written out rather than computed so that every interval in every report uses the same digits.
 */
export const Z_95_TWO_SIDED = 1.959963984540054;

/** Lower and upper ends of a confidence interval for a proportion, both in [0, 1]. */
export interface Interval {
  lower: number;
  upper: number;
}

function checkCounts(api: string, count: number, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${api}: n must be an integer ≥ 0 (trials), got ${n}`);
  }
  if (!Number.isInteger(count) || count < 0 || count > n) {
    throw new RangeError(`${api}: count must be an integer in [0, n] = [0, ${n}] (successes), got ${count}`);
  }
}

/**
 * Wilson score interval for `count` successes in `n` trials.
 *
 * Wilson rather than the normal ("Wald") interval because accuracies near 0 or 1 are the common
 * case here (clean accuracy 1.0, PGD robust accuracy 0.0), where Wald collapses to a point.
 * The ends are the two roots p of (p̂ − p)² = z²·p(1 − p)/n. With no trials nothing is known,
 * so `n = 0` gives [0, 1]. At `count = 0` (resp. `n`) the lower (upper) end is exactly 0 (1),
 * not a rounding error away from it.
 *
 * @param count - successes, an integer in [0, n]
 * @param n - trials, an integer ≥ 0
 * @param z - the normal quantile; @defaultValue {@link Z_95_TWO_SIDED} (two-sided 95 %)
 * @throws RangeError when the counts are not integers with 0 ≤ count ≤ n, or z is not > 0
 */
export function wilsonInterval(count: number, n: number, z: number = Z_95_TWO_SIDED): Interval {
  checkCounts('wilsonInterval', count, n);
  if (!(z > 0) || !Number.isFinite(z)) {
    throw new RangeError(`wilsonInterval: z must be a finite number > 0 (a normal quantile), got ${z}`);
  }
  if (n === 0) return { lower: 0, upper: 1 };
  const p = count / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const lower = count === 0 ? 0 : Math.max(0, centre - half);
  const upper = count === n ? 1 : Math.min(1, centre + half);
  return { lower, upper };
}

/**
 * A {@link Proportion}: `count/n` with its 95 % Wilson interval.
 * `n = 0` gives value 0 with the uninformative interval [0, 1] (never NaN, so that reports and JSON
 * stay numeric; the interval shows that nothing was measured).
 *
 * @throws RangeError when the counts are not integers with 0 ≤ count ≤ n
 */
export function proportion(count: number, n: number): Proportion {
  checkCounts('proportion', count, n);
  const { lower, upper } = wilsonInterval(count, n);
  return { value: n === 0 ? 0 : count / n, lower, upper, count, n };
}

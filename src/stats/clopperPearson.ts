import { regularizedIncompleteBeta } from './incompleteBeta.js';

function checkArguments(api: string, successes: number, trials: number, confidence: number): void {
  if (!Number.isInteger(trials) || trials < 0) {
    throw new RangeError(`${api}: trials must be an integer ≥ 0, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`${api}: successes must be an integer in [0, trials] = [0, ${trials}], got ${successes}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${api}: confidence must be in (0, 1) (e.g. 0.95), got ${confidence}`);
  }
}

/**
 * P(X ≥ x) for X ~ Binomial(n, p), through I_p(x, n − x + 1). Increasing in p.
 * (1 when x = 0: every outcome is ≥ 0.)
 */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  return regularizedIncompleteBeta(p, x, n - x + 1);
}

/**
 * Exact one-sided lower confidence bound (Clopper–Pearson) for a binomial proportion: the p at
 * which observing `successes` or more out of `trials` has probability α = 1 − confidence,
 * i.e. P(X ≥ successes | trials, p) = α. The true rate is ≥ this bound with probability
 * ≥ `confidence`, whatever the rate.
 *
 * Exact rather than Wilson because expectations are judged on few seeds (8 or 30), where the
 * normal approximation is not conservative. Special cases are closed forms: 0 successes (or 0
 * trials) give 0, and all successes give α^(1/n) (8/8 → 0.6877, 30/30 → 0.9050).
 *
 * Otherwise the bound is found by bisection on p of the tail, which is monotone in p; bisection
 * runs until the bracket stops shrinking in float64, so the result is within an ulp or two of the
 * exact root and the tail there equals α to ~1e-15.
 *
 * @param successes - an integer in [0, trials]
 * @param trials - an integer ≥ 0
 * @param confidence - the one-sided confidence level 1 − α; @defaultValue 0.95
 * @throws RangeError on non-integer or out-of-range counts, or confidence outside (0, 1)
 */
export function clopperPearsonLower(successes: number, trials: number, confidence = 0.95): number {
  checkArguments('clopperPearsonLower', successes, trials, confidence);
  if (successes === 0) return 0;
  const alpha = 1 - confidence;
  if (successes === trials) return Math.pow(alpha, 1 / trials);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (binomialUpperTail(successes, trials, mid) < alpha) lo = mid;
    else hi = mid;
  }
  // Of the two ends of the final bracket, return the one whose tail is closer to α.
  const tLo = Math.abs(binomialUpperTail(successes, trials, lo) - alpha);
  const tHi = Math.abs(binomialUpperTail(successes, trials, hi) - alpha);
  return tLo <= tHi ? lo : hi;
}

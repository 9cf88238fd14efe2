/**
 * Λ̂ = max(Λ, Λ(0)) (docs/claims.md): a ratio over a feature that was never learned is taken over its
 * size at initialisation rather than over a number near 0. NaN in either gives NaN (Math.max), so
 * a non-finite measurement can never make a condition hold.
 */
export function lambdaHat(lambda: number, lambdaInit: number): number {
  return Math.max(lambda, lambdaInit);
}

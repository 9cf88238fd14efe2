/**
 * ‖a − b‖₂ / max(‖b‖₂, floor): the relative error of a whole array, in float64. NaN if either holds
 * NaN. One definition for the tests, the benchmark's agreement check and the conformance checks.
 */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-30): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), floor);
}

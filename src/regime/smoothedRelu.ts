/**
 * The smoothed ReLU of degree q ≥ 2 and threshold rho > 0 (docs/model.md#network, [paper]), as plain numbers.
 * σ̃(z) = 0 (z ≤ 0); z^q/(q·rho^(q−1)) (0 < z ≤ rho); z − (1 − 1/q)·rho (z > rho). It is C¹.
 * The tensor form lives in `model/network.ts`. This scalar form sits with the regime (q and rho are
 * regime keys) because assumption I1 evaluates it, and the float64 reference uses it too.
 */
export function smoothedRelu(z: number, q: number, rho: number): number {
  if (z <= 0) return 0;
  if (z <= rho) return Math.pow(z, q) / (q * Math.pow(rho, q - 1));
  return z - (1 - 1 / q) * rho;
}

/** σ̃′(z): 0 (z ≤ 0); (z/rho)^(q−1) (0 < z ≤ rho); 1 (z > rho). */
export function smoothedReluDerivative(z: number, q: number, rho: number): number {
  if (z <= 0) return 0;
  if (z <= rho) return Math.pow(z / rho, q - 1);
  return 1;
}

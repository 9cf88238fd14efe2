import type { Claim } from './types.js';
import { lambdaHat } from './lambdaHat.js';
import { condition, verdictFromConditions } from './verdict.js';
import { formatNumber as f } from '../util/format.js';

/**
 * ST-1's threshold: Γ_ST ≥ ratio·Λ̂_ST.
 * @defaultValue ratio 3
 */
export const ST1_THRESHOLDS = Object.freeze({ ratio: 3 });

/**
 * ST-1 (docs/claims.md, [paper]): standard training learns mainly non-robust features.
 * Condition: Γ_ST ≥ ratio·Λ̂_ST, with Λ̂_ST = max(Λ_ST, Λ(0)). The comparison is written as the
 * spec writes it (not as a ratio Γ/Λ̂), so it stays meaningful if Λ̂ is ≤ 0; the margin is still
 * relative to ratio·Λ̂_ST.
 */
export const st1: Claim<'ST-1', typeof ST1_THRESHOLDS> = {
  id: 'ST-1',
  title: 'Standard training learns mainly non-robust features',
  thresholds: ST1_THRESHOLDS,
  evaluate(result, thresholds) {
    const { ratio } = thresholds['ST-1'];
    const gamma = result.st.gamma;
    const hat = lambdaHat(result.st.lambda, result.init.lambda);
    const c = condition(`Γ_ST ≥ ${ratio}·Λ̂_ST`, gamma, '>=', ratio * hat);
    const times = hat > 0 ? `${f(gamma / hat)}×` : 'not a multiple of';
    return verdictFromConditions(
      'ST-1',
      [c],
      `ST learned the non-robust feature to Γ_ST = ${f(gamma)} and the robust one to Λ_ST = ${f(result.st.lambda)} ` +
        `(Λ(0) = ${f(result.init.lambda)}, so Λ̂_ST = ${f(hat)}); Γ_ST is ${times} Λ̂_ST, the claim needs ≥ ${ratio}×.`,
    );
  },
};

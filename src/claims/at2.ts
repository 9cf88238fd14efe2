import type { Claim } from './types.js';
import { lambdaHat } from './lambdaHat.js';
import { condition, verdictFromConditions } from './verdict.js';
import { formatNumber as f } from '../util/format.js';

/** Γ/Λ̂, undefined (NaN, so never holding) unless Λ̂ > 0: a ratio over a non-positive size means nothing. */
function ratioOverHat(gamma: number, hat: number): number {
  return hat > 0 ? gamma / hat : NaN;
}

/**
 * AT-2's thresholds: Γ_AT ≤ gammaFactor·Γ_ST; Γ_AT/Λ̂_AT ≤ ratioFactor·Γ_ST/Λ̂_ST.
 * @defaultValue gammaFactor 0.5, ratioFactor 0.5
 */
export const AT2_THRESHOLDS = Object.freeze({ gammaFactor: 0.5, ratioFactor: 0.5 });

/**
 * AT-2 (docs/claims.md, [paper]): adversarial training suppresses non-robust-feature learning.
 * Conditions: Γ_AT ≤ gammaFactor·Γ_ST (less non-robust learning in absolute terms) and
 * Γ_AT/Λ̂_AT ≤ ratioFactor·Γ_ST/Λ̂_ST (less relative to the robust feature). The ratios need
 * Λ̂ > 0; otherwise they are NaN and the condition does not hold.
 */
export const at2: Claim<'AT-2', typeof AT2_THRESHOLDS> = {
  id: 'AT-2',
  title: 'Adversarial training suppresses non-robust-feature learning',
  thresholds: AT2_THRESHOLDS,
  evaluate(result, thresholds) {
    const t = thresholds['AT-2'];
    const { st, at, init } = result;
    const hatAT = lambdaHat(at.lambda, init.lambda);
    const hatST = lambdaHat(st.lambda, init.lambda);
    const rAT = ratioOverHat(at.gamma, hatAT);
    const rST = ratioOverHat(st.gamma, hatST);
    return verdictFromConditions(
      'AT-2',
      [
        condition(`Γ_AT ≤ ${t.gammaFactor}·Γ_ST`, at.gamma, '<=', t.gammaFactor * st.gamma),
        condition(`Γ_AT/Λ̂_AT ≤ ${t.ratioFactor}·Γ_ST/Λ̂_ST`, rAT, '<=', t.ratioFactor * rST),
      ],
      `AT learned the non-robust feature to Γ_AT = ${f(at.gamma)} against Γ_ST = ${f(st.gamma)} for ST ` +
        `(needs ≤ ${t.gammaFactor}× that, ${f(t.gammaFactor * st.gamma)}); relative to the robust feature ` +
        `Γ/Λ̂ is ${f(rAT)} for AT (Λ̂_AT = ${f(hatAT)}) against ${f(rST)} for ST (Λ̂_ST = ${f(hatST)}) ` +
        `(needs ≤ ${t.ratioFactor}× that, ${f(t.ratioFactor * rST)}).`,
    );
  },
};

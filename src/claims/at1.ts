import type { Claim } from './types.js';
import { lambdaHat } from './lambdaHat.js';
import { condition, verdictFromConditions } from './verdict.js';
import { formatNumber as f } from '../util/format.js';

/**
 * AT-1's thresholds: Λ_AT ≥ overStLambdaHat·Λ̂_ST; Λ_AT ≥ overInitLambda·Λ(0).
 * @defaultValue overStLambdaHat 2, overInitLambda 5
 */
export const AT1_THRESHOLDS = Object.freeze({ overStLambdaHat: 2, overInitLambda: 5 });

/**
 * AT-1 (docs/claims.md, [paper]): adversarial training strengthens robust-feature learning.
 * Conditions: Λ_AT ≥ overStLambdaHat·Λ̂_ST (more than ST learned) and Λ_AT ≥ overInitLambda·Λ(0)
 * (really learned, not left at its initial size). Written as the spec writes them, not as ratios.
 */
export const at1: Claim<'AT-1', typeof AT1_THRESHOLDS> = {
  id: 'AT-1',
  title: 'Adversarial training strengthens robust-feature learning',
  thresholds: AT1_THRESHOLDS,
  evaluate(result, thresholds) {
    const t = thresholds['AT-1'];
    const lambdaAT = result.at.lambda;
    const hatST = lambdaHat(result.st.lambda, result.init.lambda);
    const init = result.init.lambda;
    return verdictFromConditions(
      'AT-1',
      [
        condition(`Λ_AT ≥ ${t.overStLambdaHat}·Λ̂_ST`, lambdaAT, '>=', t.overStLambdaHat * hatST),
        condition(`Λ_AT ≥ ${t.overInitLambda}·Λ(0)`, lambdaAT, '>=', t.overInitLambda * init),
      ],
      `AT learned the robust feature to Λ_AT = ${f(lambdaAT)}, against Λ̂_ST = ${f(hatST)} for ST ` +
        `(needs ≥ ${t.overStLambdaHat}× that, ${f(t.overStLambdaHat * hatST)}) and Λ(0) = ${f(init)} at ` +
        `initialisation (needs ≥ ${t.overInitLambda}× that, ${f(t.overInitLambda * init)}).`,
    );
  },
};

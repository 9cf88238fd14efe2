import type { Claim } from './types.js';
import { condition, verdictFromConditions } from './verdict.js';
import { formatNumber as f, formatProportion } from '../util/format.js';

/**
 * AT-4's threshold: PGD robust acc of AT ≥ minPgdRobustAcc.
 * @defaultValue minPgdRobustAcc 0.5
 */
export const AT4_THRESHOLDS = Object.freeze({ minPgdRobustAcc: 0.5 });

/**
 * AT-4 (docs/claims.md, strict): adversarial training reaches PGD robustness.
 * Condition: PGD robust acc of AT ≥ minPgdRobustAcc.
 *
 * docs/claims.md argues this is out of reach inside A1–A8 (injection condition I1). I1 is computed
 * elsewhere (src/regime) at the measured Λ_AT and passed in through `context.injection`, so that
 * this claim stays a pure function of its arguments; its verdict is recorded in the detail, and
 * whether it predicted this verdict (I1 holds ⇔ AT-4 fails). It never changes the verdict.
 */
export const at4: Claim<'AT-4', typeof AT4_THRESHOLDS> = {
  id: 'AT-4',
  title: 'Adversarial training reaches PGD robustness (strict)',
  thresholds: AT4_THRESHOLDS,
  evaluate(result, thresholds, context) {
    const { minPgdRobustAcc } = thresholds['AT-4'];
    const pgd = result.at.robust.pgd;
    const c = condition('PGD robust acc (AT)', pgd.value, '>=', minPgdRobustAcc);
    const i1 = context?.injection;
    const injection =
      i1 === undefined
        ? 'I1 (injection condition) was not evaluated for this run.'
        : `I1 (injection condition) at Λ_AT = ${f(result.at.lambda)} ${i1.holds ? 'holds' : 'does not hold'} ` +
          `(${f(i1.value)} vs ${f(i1.threshold)}: ${i1.detail}), so it predicts AT-4 ${i1.holds ? 'fails' : 'holds'}; ` +
          `the prediction is ${i1.holds !== c.holds ? 'right' : 'wrong'}.`;
    return verdictFromConditions(
      'AT-4',
      [c],
      `AT keeps ${formatProportion(pgd)} of test points correct under PGD (needs ≥ ${minPgdRobustAcc}). ${injection}`,
    );
  },
};

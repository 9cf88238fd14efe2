import type { Proportion } from '../measure/types.js';
import type { Claim } from './types.js';
import { condition, verdictFromConditions } from './verdict.js';
import { formatNumber as f, formatProportion } from '../util/format.js';

/**
 * AT-3's thresholds: feature robust acc AT − ST ≥ minFeatureRobustGain; clean test acc AT ≥ minCleanTestAcc.
 * @defaultValue minFeatureRobustGain 0.2, minCleanTestAcc 0.8
 */
export const AT3_THRESHOLDS = Object.freeze({ minFeatureRobustGain: 0.2, minCleanTestAcc: 0.8 });

/**
 * AT-3 (docs/claims.md, [paper]): adversarial training improves robustness.
 * Conditions: feature-direction robust acc AT ≥ ST + minFeatureRobustGain, checked as the gain
 * AT − ST ≥ minFeatureRobustGain (so the margin is relative to the required gain, not to ST's level; the gain is taken from
 * the counts when both share a test set, so that ties at count granularity are exact ties);
 * and clean test acc of AT ≥ minCleanTestAcc (robust by being accurate, not by refusing to fit).
 */
export const at3: Claim<'AT-3', typeof AT3_THRESHOLDS> = {
  id: 'AT-3',
  title: 'Adversarial training improves robustness',
  thresholds: AT3_THRESHOLDS,
  evaluate(result, thresholds) {
    const t = thresholds['AT-3'];
    const robustAT = result.at.robust.feature;
    const robustST = result.st.robust.feature;
    // From counts when both were measured on the same test set: (c_AT − c_ST)/n is one correctly
    // rounded division, so a gain of exactly 40/200 equals the literal 0.2 (0.7 − 0.5 does not).
    // Only for consistent proportions (value = count/n), so a NaN value still yields a NaN gain.
    const consistent = (p: Proportion) => p.n > 0 && p.value === p.count / p.n;
    const gain =
      robustAT.n === robustST.n && consistent(robustAT) && consistent(robustST)
        ? (robustAT.count - robustST.count) / robustAT.n
        : robustAT.value - robustST.value;
    const clean = result.at.testAcc;
    return verdictFromConditions(
      'AT-3',
      [
        condition('feature-direction robust acc gain (AT − ST)', gain, '>=', t.minFeatureRobustGain),
        condition('clean test acc (AT)', clean.value, '>=', t.minCleanTestAcc),
      ],
      `Under the feature-direction attack AT keeps ${formatProportion(robustAT)} of test points against ` +
        `${formatProportion(robustST)} for ST, a gain of ${f(gain)} (needs ≥ ${t.minFeatureRobustGain}); ` +
        `AT's clean test accuracy is ${formatProportion(clean)} (needs ≥ ${t.minCleanTestAcc}).`,
    );
  },
};

import type { Claim } from './types.js';
import { condition, verdictFromConditions } from './verdict.js';
import { formatProportion } from '../util/format.js';

/**
 * ST-2's thresholds: clean test acc ≥ minCleanTestAcc; feature-direction robust acc ≤ maxFeatureRobustAcc.
 * @defaultValue minCleanTestAcc 0.9, maxFeatureRobustAcc 0.5
 */
export const ST2_THRESHOLDS = Object.freeze({ minCleanTestAcc: 0.9, maxFeatureRobustAcc: 0.5 });

/**
 * ST-2 (docs/claims.md, [paper]): the standard-trained network is accurate but not robust.
 * Conditions: clean test acc ≥ minCleanTestAcc; feature-direction robust acc ≤ maxFeatureRobustAcc
 * (the per-sample worst case of the feature-direction attacks of docs/model.md#measurements).
 * Point estimates are compared; the Wilson intervals are given in the detail.
 */
export const st2: Claim<'ST-2', typeof ST2_THRESHOLDS> = {
  id: 'ST-2',
  title: 'The standard-trained network is accurate but not robust',
  thresholds: ST2_THRESHOLDS,
  evaluate(result, thresholds) {
    const t = thresholds['ST-2'];
    const clean = result.st.testAcc;
    const robust = result.st.robust.feature;
    return verdictFromConditions(
      'ST-2',
      [
        condition('clean test acc (ST)', clean.value, '>=', t.minCleanTestAcc),
        condition('feature-direction robust acc (ST)', robust.value, '<=', t.maxFeatureRobustAcc),
      ],
      `ST classifies ${formatProportion(clean)} of clean test points correctly (needs ≥ ${t.minCleanTestAcc}) ` +
        `and ${formatProportion(robust)} under the feature-direction attack (needs ≤ ${t.maxFeatureRobustAcc}).`,
    );
  },
};

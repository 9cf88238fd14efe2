import type { Claim } from './types.js';
import { condition, verdictFromConditions } from './verdict.js';
import { formatNumber as f } from '../util/format.js';

/**
 * ST-3's threshold: PGD energy share in span{v} ≥ minVShare.
 * @defaultValue minVShare 0.5
 */
export const ST3_THRESHOLDS = Object.freeze({ minVShare: 0.5 });

/**
 * ST-3 (docs/claims.md, [paper]): the adversarial perturbations of the standard-trained network follow
 * non-robust directions. Condition: the share of PGD perturbation energy Σ‖δ_p‖² in span{v} is
 * ≥ minVShare.
 */
export const st3: Claim<'ST-3', typeof ST3_THRESHOLDS> = {
  id: 'ST-3',
  title: 'Adversarial perturbations of the standard-trained network follow non-robust directions',
  thresholds: ST3_THRESHOLDS,
  evaluate(result, thresholds) {
    const { minVShare } = thresholds['ST-3'];
    const e = result.st.energy;
    return verdictFromConditions(
      'ST-3',
      [condition('PGD energy share in span{v} (ST)', e.v, '>=', minVShare)],
      `Of the energy of ST's PGD perturbations, ${f(e.v)} lies in span{v} (needs ≥ ${minVShare}), ` +
        `${f(e.u)} in span{u} and ${f(e.rest)} elsewhere.`,
    );
  },
};

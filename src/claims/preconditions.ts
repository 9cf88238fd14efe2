import type { RunResult } from '../experiment/types.js';
import type { AssumptionResult } from '../regime/types.js';
import type { ClaimThresholds } from './types.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import { formatProportion } from './verdict.js';

/**
 * R1 (docs/model.md#assumptions): standard training fits the training set, clean train acc of ST ≥ minStTrainAcc.
 * If it fails, every claim is inconclusive: an under-trained network is no evidence for or
 * against the paper. NaN never passes.
 */
export function r1StandardTrainingFits(
  result: RunResult,
  thresholds: Readonly<ClaimThresholds> = DEFAULT_THRESHOLDS,
): AssumptionResult {
  const threshold = thresholds.R1.minStTrainAcc;
  const acc = result.st.trainAcc;
  const holds = acc.value >= threshold;
  return {
    id: 'R1',
    holds,
    value: acc.value,
    threshold,
    detail:
      `Standard training classifies ${formatProportion(acc)} of the training set correctly after ` +
      `${result.st.steps} steps (needs ≥ ${threshold})` +
      (holds ? '.' : '; an under-trained network is no evidence for or against the paper.'),
  };
}

/**
 * R2 (docs/model.md#assumptions): no divergence, neither in ST nor in AT. Value = the number of trainings that
 * diverged (0, 1 or 2), threshold 0; the detail names the step and reason of each divergence.
 */
export function r2NoDivergence(result: RunResult): AssumptionResult {
  const parts: string[] = [];
  let diverged = 0;
  for (const [name, m] of [['ST', result.st], ['AT', result.at]] as const) {
    if (m.diverged !== null) {
      diverged++;
      parts.push(`${name} diverged at step ${m.diverged.step} (${m.diverged.reason})`);
    } else {
      parts.push(`${name} stayed finite for ${m.steps} steps`);
    }
  }
  return { id: 'R2', holds: diverged === 0, value: diverged, threshold: 0, detail: `${parts.join('; ')}.` };
}

/** R1 and R2, in that order. */
export function evaluatePreconditions(
  result: RunResult,
  thresholds: Readonly<ClaimThresholds> = DEFAULT_THRESHOLDS,
): AssumptionResult[] {
  return [r1StandardTrainingFits(result, thresholds), r2NoDivergence(result)];
}

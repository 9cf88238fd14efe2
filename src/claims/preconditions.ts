import type { RunResult } from '../experiment/types.js';
import type { AssumptionResult } from '../regime/types.js';
import type { ClaimThresholds, PreconditionId } from './types.js';
import { formatNumber, formatProportion } from '../util/format.js';
import type { ClaimId } from '../regime/schema.js';

/**
 * The thresholds of the run preconditions with one (docs/claims.md#preconditions); the registry adds
 * them to the table of claim thresholds, under the same override ids.
 * @defaultValue R1 clean train acc of ST ≥ 0.95 · R3 max(Λ_ST, Γ_ST) ≥ 5·S0 · R4 max(Λ_AT, Γ_AT) ≥ 5·S0
 */
export const PRECONDITION_THRESHOLDS = Object.freeze({
  /** R1: clean train acc of ST ≥ minStTrainAcc. */
  R1: Object.freeze({ minStTrainAcc: 0.95 }),
  /** R3: max(Λ_ST, Γ_ST) ≥ overInitScale·S0, S0 = max(Λ(0), Γ(0), sigma0). */
  R3: Object.freeze({ overInitScale: 5 }),
  /** R4: max(Λ_AT, Γ_AT) ≥ overInitScale·S0. */
  R4: Object.freeze({ overInitScale: 5 }),
} satisfies Record<PreconditionId, object>);

/** The part of the threshold table the preconditions read. */
type PreconditionThresholds = Readonly<Pick<ClaimThresholds, PreconditionId>>;

/**
 * R1 (docs/model.md#assumptions): standard training fits the training set, clean train acc of ST ≥ minStTrainAcc.
 * If it fails, every claim is inconclusive: an under-trained network is no evidence for or
 * against the paper. NaN never passes.
 */
export function r1StandardTrainingFits(result: RunResult, thresholds: PreconditionThresholds = PRECONDITION_THRESHOLDS): AssumptionResult {
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
  for (const [name, m] of [
    ['ST', result.st],
    ['AT', result.at],
  ] as const) {
    if (m.diverged !== null) {
      diverged++;
      parts.push(`${name} diverged at step ${m.diverged.step} (${m.diverged.reason})`);
    } else {
      parts.push(`${name} stayed finite for ${m.steps} steps`);
    }
  }
  return { id: 'R2', holds: diverged === 0, value: diverged, threshold: 0, detail: `${parts.join('; ')}.` };
}

/**
 * The initial scale `S0 = max(Λ(0), Γ(0), sigma0)` that R3 and R4 compare against. sigma0 is in it
 * because with one or two neurons per class Λ(0) can be ≤ 0, and a gate against that alone would
 * hold vacuously.
 */
export function initialScale(result: RunResult): number {
  return Math.max(result.init.lambda, result.init.gamma, result.regime.sigma0);
}

function movedFromInit(id: 'R3' | 'R4', name: 'ST' | 'AT', result: RunResult, factor: number, why: string): AssumptionResult {
  const m = name === 'ST' ? result.st : result.at;
  const value = Math.max(m.lambda, m.gamma);
  const s0 = initialScale(result);
  const threshold = factor * s0;
  const holds = value >= threshold; // NaN never passes
  return {
    id,
    holds,
    value,
    threshold,
    detail:
      `${name} ended with max(Λ, Γ) = ${formatNumber(value)} (Λ = ${formatNumber(m.lambda)}, Γ = ${formatNumber(m.gamma)}) against ` +
      `${factor}·S0 = ${formatNumber(threshold)}, S0 = max(Λ(0), Γ(0), sigma0) = ${formatNumber(s0)}` +
      (holds ? '.' : `; ${why}.`),
  };
}

/**
 * R3: standard training learned features, not only noise: `max(Λ_ST, Γ_ST) ≥ factor·S0`. Without it,
 * a network that memorised noise (train acc 1.0, test acc at chance) passes R1. If it fails, every
 * claim is inconclusive.
 */
export function r3StandardTrainingLearnedFeatures(
  result: RunResult,
  thresholds: PreconditionThresholds = PRECONDITION_THRESHOLDS,
): AssumptionResult {
  return movedFromInit(
    'R3',
    'ST',
    result,
    thresholds.R3.overInitScale,
    'standard training learned no feature (noise only, or it barely moved), so no claim can be judged',
  );
}

/**
 * R4: adversarial training moved: `max(Λ_AT, Γ_AT) ≥ factor·S0`. A stalled AT network keeps
 * near-equal logits, so AT-2 (Γ stayed small) and AT-3 (the attack cannot flip near-ties) would hold
 * vacuously; they are inconclusive without R4. AT-1 and AT-4 are judged as usual: a stall is a real
 * failure of AT-1.
 */
export function r4AdversarialTrainingMoved(
  result: RunResult,
  thresholds: PreconditionThresholds = PRECONDITION_THRESHOLDS,
): AssumptionResult {
  return movedFromInit(
    'R4',
    'AT',
    result,
    thresholds.R4.overInitScale,
    'adversarial training stalled, so AT-2 and AT-3 would hold vacuously',
  );
}

/** The claims that R4 gates (the others are judged on a stalled AT as usual). */
export const R4_GATED_CLAIMS: readonly ClaimId[] = Object.freeze(['AT-2', 'AT-3']);

/** R1, R2, R3 and R4, in that order. */
export function evaluatePreconditions(result: RunResult, thresholds: PreconditionThresholds = PRECONDITION_THRESHOLDS): AssumptionResult[] {
  return [
    r1StandardTrainingFits(result, thresholds),
    r2NoDivergence(result),
    r3StandardTrainingLearnedFeatures(result, thresholds),
    r4AdversarialTrainingMoved(result, thresholds),
  ];
}

/**
 * A run stalled: R1, R2 and R3 held and R4 failed (ST learned, AT did not move). Counted in every
 * aggregate beside holds, fails and inconclusive.
 */
export function runStalled(preconditions: readonly AssumptionResult[]): boolean {
  const held = (id: string) => preconditions.find((p) => p.id === id)?.holds === true;
  const r4 = preconditions.find((p) => p.id === 'R4');
  return held('R1') && held('R2') && held('R3') && r4 !== undefined && !r4.holds;
}

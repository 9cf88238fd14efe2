import type { RunResult } from '../experiment/types.js';
import { CLAIM_IDS, type ClaimId } from '../regime/schema.js';
import type { AssumptionResult } from '../regime/types.js';
import { at1 } from './at1.js';
import { at2 } from './at2.js';
import { at3 } from './at3.js';
import { at4 } from './at4.js';
import { deepFreeze, describeOverrides, isEmptyOverride, resolveThresholds } from './overrides.js';
import { evaluatePreconditions, PRECONDITION_THRESHOLDS, R4_GATED_CLAIMS } from './preconditions.js';
import { st1 } from './st1.js';
import { st2 } from './st2.js';
import { st3 } from './st3.js';
import type { Claim, ClaimContext, ClaimEvaluation, ClaimThresholds, ThresholdOverrides, Verdict } from './types.js';
import { gateVerdict } from './verdict.js';
import { formatNumber } from '../util/format.js';

/**
 * The registry: one line per claim. Adding a claim = its id in `CLAIM_IDS` (src/regime/schema.ts),
 * one file exporting a {@link Claim} with its thresholds, and one entry here; the thresholds' type
 * ({@link ClaimThresholds}) and table ({@link DEFAULT_THRESHOLDS}) follow from it, and a missing
 * entry, or one under another id, is a compile error.
 */
const CLAIM_BY_ID = {
  'ST-1': st1,
  'ST-2': st2,
  'ST-3': st3,
  'AT-1': at1,
  'AT-2': at2,
  'AT-3': at3,
  'AT-4': at4,
} as const satisfies { readonly [Id in ClaimId]: { readonly id: Id } };

/** Each registered claim's thresholds, by id (the type behind {@link ClaimThresholds}). */
export type RegisteredThresholds = { [Id in ClaimId]: (typeof CLAIM_BY_ID)[Id]['thresholds'] };

/** Every claim of {@link CLAIM_IDS}, in that order; a claim id without a claim file does not compile. */
export const CLAIMS: readonly Claim[] = Object.freeze(CLAIM_IDS.map((id) => CLAIM_BY_ID[id]));

/**
 * Every threshold of docs/claims.md, in one table: each claim's own (from its file, in
 * {@link CLAIM_IDS} order), then R1, R3 and R4's. Frozen, deeply.
 *
 * @defaultValue
 * ST-1 ratio 3 · ST-2 clean ≥ 0.9, feature robust ≤ 0.5 · ST-3 v-share ≥ 0.5 ·
 * AT-1 Λ_AT ≥ 2·Λ̂_ST and ≥ 5·Λ(0) · AT-2 Γ_AT ≤ 0.5·Γ_ST and Γ_AT/Λ̂_AT ≤ 0.5·Γ_ST/Λ̂_ST ·
 * AT-3 gain ≥ 0.2, clean AT ≥ 0.8 · AT-4 PGD robust AT ≥ 0.5 · R1 ST train acc ≥ 0.95 ·
 * R3 max(Λ_ST, Γ_ST) ≥ 5·S0 · R4 max(Λ_AT, Γ_AT) ≥ 5·S0, S0 = max(Λ(0), Γ(0), sigma0)
 */
export const DEFAULT_THRESHOLDS: Readonly<ClaimThresholds> = deepFreeze({
  ...(Object.fromEntries(CLAIM_IDS.map((id) => [id, CLAIM_BY_ID[id].thresholds])) as RegisteredThresholds),
  ...PRECONDITION_THRESHOLDS,
});

/**
 * The thresholds with `overrides` applied over {@link DEFAULT_THRESHOLDS}; checked eagerly.
 * @throws TypeError on an unknown id or field, or a non-finite value
 */
export function thresholdsWith(overrides: ThresholdOverrides | undefined): Readonly<ClaimThresholds> {
  return resolveThresholds(overrides, DEFAULT_THRESHOLDS);
}

/** The registered claim with this id, or undefined. */
export function findClaim(id: string): Claim | undefined {
  return CLAIMS.find((c) => c.id === id);
}

/** Options of {@link evaluateClaims}. */
export interface EvaluateClaimsOptions {
  /** Thresholds to evaluate at in addition to the spec's; validated eagerly (unknown keys throw). */
  overrides?: ThresholdOverrides;
  /** Facts computed elsewhere (I1 for AT-4). */
  context?: ClaimContext;
  /** The claims to evaluate. @defaultValue {@link CLAIMS} */
  claims?: readonly Claim[];
}

/**
 * Applies the run-level status rules, in precedence order:
 * 1. the run was interrupted → "interrupted" (measurements cover only what was trained);
 * 2. R2 fails (ST or AT diverged) → "diverged", with the step in the detail;
 * 3. R1 fails (ST did not fit the training set) → "inconclusive";
 * 4. R3 fails (ST learned no feature: noise memorised, or it barely moved) → "inconclusive";
 * 5. R4 fails (AT stalled) → "inconclusive" for AT-2 and AT-3 only ({@link R4_GATED_CLAIMS});
 * otherwise the claim's own "holds"/"fails". Gated verdicts keep their conditions and margin
 * (holds becomes null), so a reader still sees what was measured.
 */
export function applyRunStatus(verdict: Verdict, result: RunResult, preconditions: readonly AssumptionResult[]): Verdict {
  const failed = (id: string) => {
    const p = preconditions.find((x) => x.id === id);
    return p !== undefined && !p.holds ? p : undefined;
  };
  if (result.interrupted) {
    return gateVerdict(
      verdict,
      'interrupted',
      `Interrupted: the run was stopped after ${result.st.steps} ST and ${result.at.steps} AT steps ` +
        `of ${result.regime.T}, so this is no verdict`,
    );
  }
  const r2 = failed('R2');
  if (r2) return gateVerdict(verdict, 'diverged', `Diverged: ${r2.detail.replace(/\.$/, '')}; no verdict on a diverged run`);
  const r1 = failed('R1');
  if (r1) {
    return gateVerdict(
      verdict,
      'inconclusive',
      `Inconclusive: R1 failed, standard training reached clean train acc ${formatNumber(r1.value)} < ${r1.threshold}; ` +
        'an under-trained network is no evidence for or against the paper',
    );
  }
  const r3 = failed('R3');
  if (r3) {
    return gateVerdict(
      verdict,
      'inconclusive',
      `Inconclusive: R3 failed, standard training reached max(Λ_ST, Γ_ST) = ${formatNumber(r3.value)} < ${formatNumber(r3.threshold)} (5·S0); ` +
        'a network that learned no feature is no evidence for or against the paper',
    );
  }
  const r4 = failed('R4');
  if (r4 && (R4_GATED_CLAIMS as readonly string[]).includes(verdict.id)) {
    return gateVerdict(
      verdict,
      'inconclusive',
      `Inconclusive: R4 failed, adversarial training stalled at max(Λ_AT, Γ_AT) = ${formatNumber(r4.value)} < ${formatNumber(r4.threshold)} (5·S0); ` +
        `on near-equal logits ${verdict.id} would hold vacuously`,
    );
  }
  return verdict;
}

function evaluateAt(
  result: RunResult,
  thresholds: Readonly<ClaimThresholds>,
  claims: readonly Claim[],
  context: ClaimContext | undefined,
): { verdicts: Verdict[]; preconditions: AssumptionResult[] } {
  const preconditions = evaluatePreconditions(result, thresholds);
  const verdicts = claims.map((claim) => applyRunStatus(claim.evaluate(result, thresholds, context), result, preconditions));
  return { verdicts, preconditions };
}

/**
 * Every registered claim on one run's result, with the run-level status rules of
 * {@link applyRunStatus}. Pure: the result is not modified and the same input gives the same output.
 *
 * With threshold overrides, BOTH sets are returned: `verdicts` at the spec's thresholds and
 * `overridden` at the changed ones (gated by R1 at the changed R1 threshold, if that was changed),
 * so a report always shows the spec's verdict next to a changed one. Each overridden verdict's
 * detail ends by naming the overridden thresholds that concern it.
 *
 * @throws TypeError when an override names an unknown id or field, or is not a finite number
 */
export function evaluateClaims(result: RunResult, options: EvaluateClaimsOptions = {}): ClaimEvaluation {
  const claims = options.claims ?? CLAIMS;
  const resolved = options.overrides === undefined ? undefined : thresholdsWith(options.overrides);
  const spec = evaluateAt(result, DEFAULT_THRESHOLDS, claims, options.context);
  const out: ClaimEvaluation = { verdicts: spec.verdicts, preconditions: spec.preconditions };
  if (resolved === undefined || isEmptyOverride(options.overrides)) return out;
  const changed = evaluateAt(result, resolved, claims, options.context);
  out.overridden = changed.verdicts.map((v) => {
    const notes = describeOverrides(options.overrides, [v.id as keyof ClaimThresholds, 'R1', 'R3', 'R4'], DEFAULT_THRESHOLDS);
    return notes.length === 0 ? v : { ...v, detail: `${v.detail} [overridden thresholds: ${notes.join(', ')}]` };
  });
  out.overriddenPreconditions = changed.preconditions;
  return out;
}

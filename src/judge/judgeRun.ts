/**
 * The one place where a finished (or interrupted) run is judged: the assumptions of its regime,
 * the run preconditions, the injection heuristic I1 at the measured Λ_AT (given to AT-4 as context)
 * and every claim's verdict, gated by the run-level status rules. `verify`, `replay`, the search,
 * calibration and the conformance suite all call this, so a gate added here reaches all of them.
 * Pure: no tensors, no I/O.
 */
import { evaluateClaims } from '../claims/registry.js';
import type { Claim, ThresholdOverrides, Verdict } from '../claims/types.js';
import type { RunResult } from '../experiment/types.js';
import { checkAssumptions, injectionCondition } from '../regime/assumptions.js';
import type { AssumptionResult } from '../regime/types.js';

/** Options of {@link judgeRun}. */
export interface JudgeOptions {
  /** Judge a second time at these thresholds; the spec's verdicts are always returned as well. */
  overrides?: ThresholdOverrides;
  /** The claims to judge. @defaultValue every registered claim (`CLAIMS`) */
  claims?: readonly Claim[];
}

/** Everything the judgement of one run records; field names match the report's run input. */
export interface Judgement {
  /** The assumptions of the regime, in order. */
  assumptions: AssumptionResult[];
  /** The run preconditions at the spec's thresholds. */
  preconditions: AssumptionResult[];
  /** One verdict per claim at the spec's thresholds, gated. */
  verdicts: Verdict[];
  /** I1 at the measured Λ_AT. */
  injection: AssumptionResult;
  /** Present only with overrides that change something. */
  overrides?: ThresholdOverrides;
  overriddenVerdicts?: Verdict[];
  overriddenPreconditions?: AssumptionResult[];
}

/** Judges one run. @throws TypeError when an override names an unknown id or field */
export function judgeRun(result: RunResult, options: JudgeOptions = {}): Judgement {
  const assumptions = checkAssumptions(result.regime);
  const injection = injectionCondition(result.regime, result.at.lambda);
  const evaluation = evaluateClaims(result, { context: { injection }, overrides: options.overrides, claims: options.claims });
  const out: Judgement = { assumptions, preconditions: evaluation.preconditions, verdicts: evaluation.verdicts, injection };
  if (evaluation.overridden !== undefined) {
    out.overrides = options.overrides;
    out.overriddenVerdicts = evaluation.overridden;
    out.overriddenPreconditions = evaluation.overriddenPreconditions;
  }
  return out;
}

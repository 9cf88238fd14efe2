/**
 * From a finished (or interrupted) run to everything result.json records about it: assumptions
 * A1–A8 of the regime, preconditions R1–R2, the injection heuristic I1 at the measured Λ_AT
 * (passed to AT-4 as context) and every claim's verdict. Pure: no tensors, no I/O.
 */
import { evaluateClaims } from '../../claims/registry.js';
import type { RunResult } from '../../experiment/types.js';
import { checkAssumptions, injectionCondition } from '../../regime/assumptions.js';
import type { RunRecordInput, ScenarioRef } from '../../report/resultFile.js';

/** The record input of one run of `scenario`. `replay` defaults to `provably verify <source> --seed … --backend …`. */
export function evaluateRun(scenario: ScenarioRef, result: RunResult, replay?: string): RunRecordInput {
  const assumptions = checkAssumptions(result.regime);
  const injection = injectionCondition(result.regime, result.at.lambda);
  const { verdicts, preconditions } = evaluateClaims(result, { context: { injection } });
  return { scenario, result, assumptions, preconditions, verdicts, injection, ...(replay === undefined ? {} : { replay }) };
}

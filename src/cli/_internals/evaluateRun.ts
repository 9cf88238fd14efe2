/**
 * From a finished (or interrupted) run to what result.json records about it: the judgement of
 * `judgeRun` (src/judge) with the scenario and the replay command attached. Pure: no tensors, no I/O.
 */
import type { RunResult } from '../../experiment/types.js';
import { judgeRun } from '../../judge/judgeRun.js';
import type { RunRecordInput, ScenarioRef } from '../../result/resultFile.js';

/** The record input of one run of `scenario`. `replay` defaults to `provably verify <source> --seed … --backend …`. */
export function evaluateRun(scenario: ScenarioRef, result: RunResult, replay?: string): RunRecordInput {
  return { scenario, result, ...judgeRun(result), ...(replay === undefined ? {} : { replay }) };
}

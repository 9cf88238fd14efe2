/**
 * The one judge call per run: from a finished (or interrupted) run to what result.json records
 * about it, the judgement of `judgeRun` (src/judge: assumptions, preconditions, I1, gated verdicts)
 * with the scenario and the replay command attached. verify, replay, the search and the sweep all
 * record their runs here. Pure: no tensors, no I/O.
 */
import type { RunResult } from '../experiment/types.js';
import { judgeRun, type JudgeOptions } from '../judge/judgeRun.js';
import type { RunRecordInput, ScenarioRef } from '../result/resultFile.js';

/** Options of {@link recordRun}. */
export interface RecordOptions {
  /** The replay command. @defaultValue `provably verify <source> --seed … --backend … --threads …` */
  replay?: string;
  /** Threshold overrides, or the claims to judge (the search judges one). */
  judge?: JudgeOptions;
}

/** The record input of one run of `scenario`, judged once. */
export function recordRun(scenario: ScenarioRef, result: RunResult, options: RecordOptions = {}): RunRecordInput {
  return { scenario, result, ...judgeRun(result, options.judge), ...(options.replay === undefined ? {} : { replay: options.replay }) };
}

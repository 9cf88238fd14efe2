/**
 * The counterexample search's public API (`provably search`): the engine, its spaces and state, the
 * real runner and the report. Types first, then values. The engine is pure of the CLI and of
 * tensors; only `experimentRunner` and `writeSearchReport` load TensorFlow.js.
 */
export type {
  Budget, ClimbState, CounterexampleState, ExperimentRunner, Move, Phase, Score, SearchProgress, SearchState, ShrinkState,
  SpaceName, StopReason, TrialOutcome, TrialRecord, TrialStatus,
} from './types.js';
export type { Dimension } from './dimensions.js';
export type { SearchSpace, ShrinkStep } from './space.js';
export type { Cost } from './cost.js';
export type { Repair } from './repairs.js';
export type { ClimbCandidate } from './climb.js';
export type { ShrinkCandidate } from './shrink.js';
export type { SearchDeps, SearchOutcome } from './engine.js';
export type { NewSearch } from './state.js';
export type { ExperimentRunnerOptions } from './runner.js';
export type { Confirmation, CounterexampleFlag, KeyChange, SearchSummary, TrajectoryPoint } from './report/summary.js';
export type { ScenarioKind } from './report/scenarioFile.js';
export type { SearchReportInput, SearchReportPaths } from './report/write.js';

export { allSpace, CHEAP_ALL_RANGES, CHEAP_IN_RANGES, inSpace, spaceOf } from './space.js';
export { compareCost, costOf, deviationCount, experimentWork, violatedAssumptions } from './cost.js';
export { REPAIRS } from './repairs.js';
export { compareScore, isFailure, scoreOf } from './score.js';
export { mixSeed, randomFor, randomRegime } from './random.js';
export { allMoves, applyMove, emptyClimb, movesAt } from './climb.js';
export { MAX_WORK_GROWTH, SHRINK_DEPTH, shrinkThreshold, stillFails, viableCandidates } from './shrink.js';
export {
  bestMargin, budgetStop, closestRun, confirmations, counterexampleRun, deepestFailure, regimeKey, reportRuns, runSearch,
} from './engine.js';
export {
  createState, decodeNonFinite, encodeNonFinite, parseState, readState, SearchStateError, serializeState, STATE_FILE, writeState,
} from './state.js';
export { experimentRunner } from './runner.js';
export { confirmationText, flagOf, summarize, trajectoryOf } from './report/summary.js';
export { SCENARIO_FILES, scenarioObject } from './report/scenarioFile.js';
export { resumeCommand, shownPath, writeSearchReport } from './report/write.js';

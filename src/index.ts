/**
 * provably's public API (house style: one barrel, types first, then values, each named explicitly;
 * nothing else is reachable from the package entry by accident).
 *
 * The pipeline, in order: a scenario ({@link loadScenario}) gives a regime; {@link runExperiment}
 * trains ST and AT on it (on the backend of {@link initBackend}); {@link checkAssumptions},
 * {@link injectionCondition} and {@link evaluateClaims} judge the run; {@link aggregate} combines
 * seeds; {@link buildResultFile} and {@link writeReport} record it; {@link writeExportFolder} and
 * {@link readNpy} hand the arrays to NumPy.
 */

// Types ------------------------------------------------------------------------------------------
export type { BackendInfo, BackendPreference } from './backend/select.js';
export type {
  AggregateRow,
  Claim,
  ClaimContext,
  ClaimEvaluation,
  ClaimThresholds,
  Condition,
  ThresholdOverrides,
  Verdict,
  VerdictStatus,
} from './claims/types.js';
export type { EvaluateClaimsOptions } from './claims/registry.js';
export type { ExpectationProfile, ProfileName } from './claims/expectations.js';
export type { PreparedRun } from './experiment/prepare.js';
export type { RunArrays, RunOptions } from './experiment/runExperiment.js';
export type { BackendName, Manifest, RunResult } from './experiment/types.js';
export type { EnergyShares, FeatureMeasures, FinalMeasurements, Proportion, RobustAccuracies, TraceRow } from './measure/types.js';
export type { ExportInput, ExportResult } from './export/writeExport.js';
export type { NpyArray, NpyDtype } from './export/npy.js';
export type { RegimeIssue } from './regime/errors.js';
export type { LoadScenarioOptions } from './regime/load.js';
export type { AssumptionResult, Expectation, Regime, Scenario, SeededRegime } from './regime/types.js';
export type { ResultFile, ResultFileInput, RunRecord, RunRecordInput } from './result/resultFile.js';
export type { ReportPaths, WriteReportOptions } from './report/writeReport.js';
export type { ReportOptions, ReportSection } from './report/section.js';

export type {
  AttackBudget,
  AttackInput,
  ConformanceResult,
  CheckTrainerOptions,
  NetworkShape,
  Trainer,
  UpdateInput,
} from './conformance/index.js';

// Values -----------------------------------------------------------------------------------------
export { runExperiment } from './experiment/runExperiment.js';
export { prepareRun } from './experiment/prepare.js';
export { initBackend } from './backend/select.js';
export { loadScenario, parseScenario } from './regime/load.js';
export { ScenarioError } from './regime/errors.js';
export { checkAssumptions, injectionCondition } from './regime/assumptions.js';
export { evaluateClaims, CLAIMS } from './claims/registry.js';
export { aggregate, DEFAULT_PROFILE, FULL_PROFILE } from './claims/expectations.js';
export { buildResultFile, readResultFile, ResultFileError } from './result/resultFile.js';
export { writeReport } from './report/writeReport.js';
export { writeExportFolder } from './export/writeExport.js';
export { readNpy } from './export/npy.js';
export { checkTrainer, formatConformance, referenceTrainer, runWithTrainer, MUTANTS } from './conformance/index.js';

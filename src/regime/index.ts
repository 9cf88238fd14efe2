/**
 * The regime module's public API: scenario files, expressions, validation, assumptions and
 * arbitraries (house style: one barrel, types first, then values; nothing else reachable by accident).
 * Pure code: nothing here touches tensors.
 */
export type {
  AssumptionResult, Expectation, FeatureBasis, NoiseKind, PerturbationNorm, Regime, Scenario, SeededRegime,
} from './types.js';
export type { GivenValue, OptionalRegimeKey, RequiredRegimeKey } from './defaults.js';
export type { IssueCode, IssueInit, RegimeIssue } from './errors.js';
export type { Checked, CheckedExpression, EvaluateAllOptions, EvaluateAllResult } from './expressions.js';
export type { ClaimId, KeySpec, RegimeValidation } from './schema.js';
export type { LoadScenarioOptions, ScenarioCheck } from './load.js';
export type {
  AnyRegimeOptions, InAssumptionOptions, MalformedScenario, Range, RegimeRanges, ReversedA1Options,
} from './arbitraries.js';

export { REGIME_KEYS } from './types.js';
export { DEFAULT_SEED, REGIME_DEFAULTS, REQUIRED_REGIME_KEYS } from './defaults.js';
export { formatIssue, formatIssues, isScenarioError, makeIssue, ScenarioError, showNumber, showValue } from './errors.js';
export {
  ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, checkExpression, evaluateAll, evaluateChecked, evaluateExpression,
  EXPRESSION_RULE, MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_NODES,
} from './expressions.js';
export {
  CLAIM_IDS, describeRange, describeType, EXPECTATIONS, INTEGER_TOLERANCE, isNumericKey, issuesFromZod, KEY_SPECS,
  MAX_SEED, rawScenarioSchema, SCENARIO_KEYS, SCENARIO_META_KEYS, SCENARIO_NAME_PATTERN, SIZE_LIMITS,
  validateRegimeValues, validateScenarioMeta,
} from './schema.js';
export {
  checkScenario, DEFAULT_SCENARIOS_DIR, listScenarios, loadScenario, MAX_SCENARIO_BYTES, parseScenario,
  parseScenarioText, regimeFromPartial, resolveScenarioPath,
} from './load.js';
export * as thresholds from './thresholds.js';
export {
  ASSUMPTION_IDS, checkA1, checkA1Reversed, checkA2, checkA3, checkA4, checkA5, checkA6, checkA7, checkA8,
  checkAssumptions, inAssumptions, injectionCondition, uniformMoment,
} from './assumptions.js';
export {
  anyRegime, DEFAULT_ANY_RANGES, DEFAULT_REGIME_RANGES, inAssumptionRegime, INJECTION_EXPRESSIONS, malformedScenario,
  reversedA1Regime, scenarioObjectOf,
} from './arbitraries.js';

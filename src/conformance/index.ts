/**
 * Conformance checks for users' own adversarial-training code (docs/conformance.md). Types first,
 * then values; nothing else in src/conformance is public. The vitest helper `describeTrainer` is a
 * separate entry point (src/conformance/vitest.ts), because it imports vitest.
 */
export type { AttackBudget, AttackInput, MaybePromise, NetworkShape, Trainer, UpdateInput } from './types.js';
export type { CheckPlan, CheckTrainerOptions, ConformanceProfile } from './plan.js';
export type { ProfileName } from '../claims/expectations.js';
export type { ConformanceResult } from './checkTrainer.js';
export type { Tolerances } from './tolerances.js';
export type { AttackCase, CaseOptions, Schedule } from './cases.js';
export type { CheckContext, CheckKind, TrainerCheck } from './checks/context.js';
export type { CheckedClaim } from './checks/claims.js';
export type { Mutant } from './mutants/index.js';
export type { Reference64Input, Reference64Output } from '../model/reference64.js';

export { checkTrainer } from './checkTrainer.js';
export { checkIds, planChecks } from './plan.js';
export { formatConformance } from './format.js';
export { referenceAttack, referenceTrainer, referenceUpdate } from './referenceTrainer.js';
export { runWithTrainer } from './trainWithTrainer.js';
export { DEFAULT_TOLERANCES, TOLERANCE_FACTOR } from './tolerances.js';
export { generateCases, NORMS, SCHEDULES } from './cases.js';
export { CHEAP_CHECKS } from './checks/index.js';
export { CHECKED_CLAIMS } from './checks/claims.js';
export { CLAIM_CALIBRATION_SEEDS, CLAIM_FIRST_SEED, CLAIM_REGIME_GIVEN, claimRegimes } from './claimRegime.js';
export { TrainerCallError } from './_internals/calls.js';
export { MUTANTS } from './mutants/index.js';
export { HELD_OUT_MUTANTS } from './heldout/index.js';
/** The float64 reference of the network, loss and gradients (plain loops): for trainers that need an autodiff stand-in. */
export { reference64 } from '../model/reference64.js';

import type { RunResult } from '../experiment/types.js';
import type { ClaimId } from '../regime/schema.js';
import type { AssumptionResult } from '../regime/types.js';
import type { PRECONDITION_THRESHOLDS } from './preconditions.js';
import type { RegisteredThresholds } from './registry.js';

/** Verdicts as data (docs/cli.md#report-folder). A failing claim is a value, never an exception. */
export type VerdictStatus = 'holds' | 'fails' | 'inconclusive' | 'diverged' | 'interrupted';

export interface Condition {
  name: string;
  value: number;
  op: '>=' | '<=';
  threshold: number;
  holds: boolean;
  /** (value − threshold)/max(|threshold|, 1e-12) for >=; its negative for <=. */
  margin: number;
}

export interface Verdict {
  id: string;
  status: VerdictStatus;
  holds: boolean | null;
  conditions: Condition[];
  /** Minimum margin over the conditions (positive = holds with room). */
  margin: number;
  detail: string;
}

/** One scenario × claim aggregate over seeds (docs/cli.md#report-folder `aggregate[]`). */
/** Per-claim counts over seeds (every aggregate reports them beside the bound). */
export interface StatusCounts {
  /** Seeds whose verdict held. */
  holds: number;
  /** Seeds whose verdict failed. */
  fails: number;
  /** Seeds with neither: inconclusive, diverged or interrupted (all in `total`). */
  inconclusive: number;
  /** Seeds where R1–R3 held and R4 failed (AT stalled); also counted in one of the three above. */
  stalled: number;
  /** Of `inconclusive`: seeds whose run diverged. */
  diverged: number;
  /** Of `inconclusive`: seeds whose run was interrupted. */
  interrupted: number;
}

export interface AggregateRow extends StatusCounts {
  scenario: string;
  id: string;
  expect: 'holds' | 'fails' | 'report';
  /** Seeds whose verdict status equals the expectation (for "report": seeds where the claim holds). */
  matched: number;
  total: number;
  /** One-sided 95 % Clopper–Pearson lower bound of matched/total. */
  lowerBound: number;
  /** The bound that `lowerBound` must reach (profile constant). */
  requiredBound: number;
  /** The minimum number of seeds of the profile. */
  minSeeds: number;
  /** null for "report" (nothing asserted). */
  met: boolean | null;
  /** AT-4 only: I1's predictions against AT-4's outcomes over the seeds. */
  i1?: {
    predictFailFailed: number;
    predictFailHeld: number;
    predictHoldFailed: number;
    predictHoldHeld: number;
    leftOut: number;
  };
  /** The committed calibration of this scenario's regime on this backend, when there is one. */
  calibration?: CalibratedRate | null;
}

/** A claim's rate from a committed calibration file (docs/calibration/*.json). */
export interface CalibratedRate {
  holds: number;
  fails: number;
  inconclusive: number;
  stalled: number;
  total: number;
  /** The backend the calibration ran on. */
  backend: string;
  /** The seeds, e.g. "7000–7029". */
  seeds: string;
  /** The calibration file, relative to the package root. */
  source: string;
}

// ---------------------------------------------------------------------------------------------
// Claims as values (docs/claims.md). Added with src/claims/*: one claim per file, one line in registry.ts.

/** The run preconditions with a threshold (R2, no divergence, has none). */
export type PreconditionId = 'R1' | 'R3' | 'R4';

/** The ids with thresholds: every claim id, and the run preconditions with a threshold. */
export type ThresholdId = ClaimId | PreconditionId;

type Numbers<T> = { -readonly [K in keyof T]: number };

/**
 * Every threshold of docs/claims.md and of the run preconditions (docs/claims.md#preconditions),
 * keyed by claim id so that an override names the same id a report prints (`ST-1.ratio`). Each
 * claim's own are declared in its file (`ST1_THRESHOLDS` in st1.ts, …), the preconditions' in
 * preconditions.ts; this type and the table of defaults (`DEFAULT_THRESHOLDS`, registry.ts) are
 * collected from the registry, so a claim without thresholds does not compile. Λ̂ = max(Λ, Λ(0)).
 */
export type ClaimThresholds = { [Id in ClaimId]: Numbers<RegisteredThresholds[Id]> } & {
  [Id in PreconditionId]: Numbers<(typeof PRECONDITION_THRESHOLDS)[Id]>;
};

/** A partial change of {@link ClaimThresholds}: any subset of ids, any subset of their fields. */
export type ThresholdOverrides = {
  [Id in keyof ClaimThresholds]?: Partial<ClaimThresholds[Id]>;
};

/** Facts a claim may need that are not in the run's result and are computed elsewhere. */
export interface ClaimContext {
  /** Injection condition I1 evaluated at the measured Λ_AT (docs/claims.md), reported beside AT-4. */
  injection?: AssumptionResult;
}

/**
 * One claim of docs/claims.md: a pure function from a run's result to a verdict whose status is
 * "holds" or "fails". Run-level gating (interrupted, diverged, inconclusive) is applied by
 * `evaluateClaims` in registry.ts, not by the claim.
 */
export interface Claim<Id extends ClaimId = ClaimId, T extends object = object> {
  /** Stable id, e.g. "ST-1"; also the key of its thresholds. */
  readonly id: Id;
  /** The paper's statement, in words. */
  readonly title: string;
  /** The claim's thresholds at the values of docs/claims.md; the registry collects them into one table. */
  readonly thresholds: Readonly<T>;
  evaluate(result: RunResult, thresholds: ClaimThresholds, context?: ClaimContext): Verdict;
}

/** Output of `evaluateClaims` (registry.ts). */
export interface ClaimEvaluation {
  /** One verdict per registered claim, in registry order, at the spec's default thresholds. */
  verdicts: Verdict[];
  /** The same claims at overridden thresholds; present only when overrides were given. */
  overridden?: Verdict[];
  /** R1–R4 at the default thresholds. */
  preconditions: AssumptionResult[];
  /** R1–R4 at the overridden thresholds (they gate `overridden`); only with overrides. */
  overriddenPreconditions?: AssumptionResult[];
}

/**
 * The `aggregate[]` of result.json: one row per scenario and claim over its seeds, with the
 * profile's rule (docs/claims.md#statistical-rule; `aggregate` in src/claims/expectations.ts decides),
 * and the calibrated rate beside each row.
 */
import { aggregate, injectionPrediction, type ExpectationProfile, type RunFacts } from '../claims/expectations.js';
import { runStalled } from '../claims/preconditions.js';
import type { AggregateRow, CalibratedRate, Verdict } from '../claims/types.js';
import type { AssumptionResult, Expectation, Regime } from '../regime/types.js';

/** What aggregation needs of a run. */
export interface AggregatableRun {
  scenario: string;
  expect: Readonly<Record<string, Expectation>>;
  verdicts: readonly Verdict[];
  /** R1–R4 of the run, for the stalled count. @defaultValue [] (not stalled) */
  preconditions?: readonly AssumptionResult[];
  /** I1 of the run, for AT-4's I1 table. @defaultValue null (left out) */
  injection?: AssumptionResult | null;
}

function factsOf(run: AggregatableRun): RunFacts {
  return { stalled: runStalled(run.preconditions ?? []), i1: injectionPrediction(run.injection) };
}

/**
 * Rows in scenario order (first appearance), claims in verdict order. A claim missing from the
 * scenario's `expect` is "report".
 */
export function aggregateRuns(runs: readonly AggregatableRun[], profile: ExpectationProfile): AggregateRow[] {
  const byScenario = new Map<string, AggregatableRun[]>();
  for (const run of runs) {
    const list = byScenario.get(run.scenario) ?? [];
    list.push(run);
    byScenario.set(run.scenario, list);
  }
  const rows: AggregateRow[] = [];
  for (const [scenario, list] of byScenario) {
    const ids: string[] = [];
    for (const run of list) for (const v of run.verdicts) if (!ids.includes(v.id)) ids.push(v.id);
    for (const id of ids) {
      const pairs = list.flatMap((run) => run.verdicts.filter((v) => v.id === id).map((v) => [v, factsOf(run)] as const));
      rows.push(
        aggregate(
          scenario,
          id,
          list[0]!.expect[id] ?? 'report',
          pairs.map((p) => p[0]),
          profile,
          pairs.map((p) => p[1]),
        ),
      );
    }
  }
  return rows;
}

/** Claim id → calibrated rate of a scenario's regime on a backend; `calibratedRates` (src/calibration/lookup.ts) fits. */
export type CalibrationLookup = (scenario: string, regime: Regime, backend: string) => Readonly<Record<string, CalibratedRate>>;

/**
 * The rows with the committed calibration of each scenario's regime on the backend that ran
 * (`calibration: null` when there is none). `regimeOf` gives a scenario's evaluated regime; `lookup`
 * reads the calibration files (passed in: they are read above this layer).
 */
export function withCalibration(
  rows: readonly AggregateRow[],
  regimeOf: (scenario: string) => Regime | undefined,
  backend: string,
  lookup: CalibrationLookup,
): AggregateRow[] {
  return rows.map((row) => {
    const regime = regimeOf(row.scenario);
    return { ...row, calibration: (regime && lookup(row.scenario, regime, backend)[row.id]) ?? null };
  });
}

/** Expectations not met (exit 1 when any), met, and only reported. */
export function expectationCounts(rows: readonly AggregateRow[]): { notMet: AggregateRow[]; met: number; reported: number } {
  return {
    notMet: rows.filter((r) => r.met === false),
    met: rows.filter((r) => r.met === true).length,
    reported: rows.filter((r) => r.met === null).length,
  };
}

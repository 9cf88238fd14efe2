/**
 * The `aggregate[]` of result.json: one row per scenario and claim over its seeds, with the
 * profile's rule (docs/claims.md#statistical-rule; `aggregate` in src/claims/expectations.ts decides).
 */
import { aggregate, type ExpectationProfile } from '../../claims/expectations.js';
import type { AggregateRow, Verdict } from '../../claims/types.js';
import type { Expectation } from '../../regime/types.js';

/** What aggregation needs of a run. */
export interface AggregatableRun {
  scenario: string;
  expect: Readonly<Record<string, Expectation>>;
  verdicts: readonly Verdict[];
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
      const verdicts = list.flatMap((run) => run.verdicts.filter((v) => v.id === id));
      rows.push(aggregate(scenario, id, list[0]!.expect[id] ?? 'report', verdicts, profile));
    }
  }
  return rows;
}

/** Expectations not met (exit 1 when any), met, and only reported. */
export function expectationCounts(rows: readonly AggregateRow[]): { notMet: AggregateRow[]; met: number; reported: number } {
  return {
    notMet: rows.filter((r) => r.met === false),
    met: rows.filter((r) => r.met === true).length,
    reported: rows.filter((r) => r.met === null).length,
  };
}

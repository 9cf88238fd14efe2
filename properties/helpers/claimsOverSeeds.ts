/**
 * Runs a regime over several seeds and applies the statistical rule of docs/claims.md#statistical-rule to each claim,
 * so a property can say "this claim holds with high probability" honestly: one unlucky seed is not a
 * failure, a real failure is. The message carries everything needed to replay the case.
 */
import {
  aggregate,
  DEFAULT_PROFILE,
  FULL_PROFILE,
  injectionPrediction,
  type ExpectationProfile,
  type RunFacts,
} from '../../src/claims/expectations.js';
import { runStalled } from '../../src/claims/preconditions.js';
import { judgeRun } from '../../src/judge/judgeRun.js';
import type { AggregateRow, Verdict } from '../../src/claims/types.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { scenarioObjectOf } from '../../src/regime/arbitraries.js';
import type { Expectation, Regime } from '../../src/regime/types.js';
import { fastCheckSeed, testBudget } from './testRun.js';

export interface SeedsOutcome {
  rows: AggregateRow[];
  verdicts: Record<string, Verdict[]>;
  /** Extra per-seed measurements the caller asked for. */
  extras: number[][];
}

export function expectationProfile(): ExpectationProfile {
  return testBudget().profile === 'full' ? FULL_PROFILE : DEFAULT_PROFILE;
}

/** Runs `regime` over seeds seedStart… and aggregates each expected claim by the profile's rule. */
export async function claimsOverSeeds(
  regime: Regime,
  expect: Record<string, Expectation>,
  seeds: { start: number; count: number },
  extra?: (r: Awaited<ReturnType<typeof runExperiment>>) => number[],
): Promise<SeedsOutcome> {
  const verdicts: Record<string, Verdict[]> = {};
  const extras: number[][] = [];
  const facts: RunFacts[] = [];
  for (let s = 0; s < seeds.count; s++) {
    const result = await runExperiment({ ...regime, seed: seeds.start + s });
    const judged = judgeRun(result);
    for (const v of judged.verdicts) (verdicts[v.id] ??= []).push(v);
    facts.push({ stalled: runStalled(judged.preconditions), i1: injectionPrediction(judged.injection) });
    if (extra) extras.push(extra(result));
  }
  const rows = Object.entries(expect).map(([id, e]) =>
    aggregate('generated', id, e, verdicts[id] ?? [], expectationProfile(), verdicts[id] ? facts : undefined),
  );
  return { rows, verdicts, extras };
}

/** A failure message: the counts and bounds, the regime as JSON, and one command that replays it. */
export function describeOutcome(regime: Regime, seeds: { start: number; count: number }, rows: AggregateRow[], testFile: string): string {
  const scenario = { ...scenarioObjectOf(regime, 'replay'), seed: seeds.start };
  const table = rows
    .map(
      (r) =>
        `  ${r.id}: expect ${r.expect}, matched ${r.matched}/${r.total}, lower bound ${r.lowerBound.toFixed(3)} (need ≥ ${r.requiredBound} over ≥ ${r.minSeeds} seeds) → ${r.met ? 'met' : 'NOT met'}`,
    )
    .join('\n');
  return [
    table,
    `regime: ${JSON.stringify(scenario)}`,
    `replay this case: PROVABLY_FC_SEED=${fastCheckSeed()} npx vitest run ${testFile}`,
    `or the regime alone: save the regime line as replay.json, then npx provably verify replay.json --seed ${seeds.start} --seeds ${seeds.count}`,
  ].join('\n');
}

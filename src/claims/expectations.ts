import type { AssumptionResult, Expectation } from '../regime/types.js';
import { clopperPearsonLower } from '../stats/clopperPearson.js';
import { proportion } from '../stats/wilson.js';
import type { Proportion } from '../measure/types.js';
import type { AggregateRow, CalibratedRate, StatusCounts, Verdict } from './types.js';
import { formatNumber } from '../util/format.js';

/**
 * The statistical rule of docs/claims.md#statistical-rule, as named constants printed with every aggregate.
 *
 * - One seed: an expectation is met when the verdict's status equals it.
 * - Several seeds: met when the one-sided 95 % Clopper–Pearson lower bound of the rate of seeds
 *   that match is ≥ the profile's required bound AND at least the profile's number of seeds ran.
 *
 * Why the seed minimum is enforced (and not only printed): the bound alone is reachable with fewer
 * seeds than the profile names (5/5 gives 0.549 ≥ 0.5; 14/14 gives 0.807 ≥ 0.8), and docs/claims.md#statistical-rule
 * says a scenario claims "holds" only where a run over ≥ 30 seeds supports it. So with
 * 1 < total < minSeeds the expectation is not met, whatever the bound; {@link describeAggregate}
 * says so in words. Seeds whose verdict is inconclusive, diverged or interrupted count in the total
 * and never match: they are seeds where the expectation was not shown.
 */

/** Confidence level of the one-sided Clopper–Pearson lower bound. @defaultValue 0.95 */
export const CONFIDENCE = 0.95;

/**
 * A profile: the level a run is checked at, chosen by `--profile`, `PROVABLY_PROFILE` or a
 * conformance option. It names the statistical rule below, and with it how much a test or a
 * conformance run does (cases, seeds).
 */
export type ProfileName = 'default' | 'full';

/** A profile's statistical rule: its seed minimum and required lower bound (docs/claims.md#statistical-rule). */
export interface ExpectationProfile {
  readonly name: ProfileName;
  /** Seeds the profile runs; fewer (but more than one) cannot meet an expectation. */
  readonly minSeeds: number;
  /** The Clopper–Pearson lower bound of the match rate must be ≥ this. */
  readonly requiredBound: number;
  /** One-sided confidence of the bound. */
  readonly confidence: number;
}

/** Default profile: ≥ 8 seeds, bound ≥ 0.5 (at 8 seeds: 7/8 → 0.529 met, 6/8 → 0.400 not). */
export const DEFAULT_PROFILE: ExpectationProfile = Object.freeze({
  name: 'default',
  minSeeds: 8,
  requiredBound: 0.5,
  confidence: CONFIDENCE,
});

/** Full profile: ≥ 30 seeds, bound ≥ 0.8 (at 30 seeds: 28/30 → 0.805 met, 27/30 → 0.761 not). */
export const FULL_PROFILE: ExpectationProfile = Object.freeze({
  name: 'full',
  minSeeds: 30,
  requiredBound: 0.8,
  confidence: CONFIDENCE,
});

/** The profile of this name. @throws TypeError on an unknown name, listing the known ones */
export function profileByName(name: string): ExpectationProfile {
  if (name === 'default') return DEFAULT_PROFILE;
  if (name === 'full') return FULL_PROFILE;
  throw new TypeError(`profile must be "default" or "full", got ${JSON.stringify(name)}`);
}

/**
 * Single-seed rule: the expectation is met when the verdict's status equals it ("holds" or
 * "fails"); "report" asserts nothing and gives null. An inconclusive, diverged or interrupted
 * verdict never meets an expectation.
 */
export function expectationMetOnSeed(expect: Expectation, verdict: Verdict): boolean | null {
  if (expect === 'report') return null;
  return verdict.status === expect;
}

/**
 * The aggregate row of one scenario × claim over seeds (docs/cli.md#report-folder `aggregate[]`).
 * matched = seeds whose status equals the expectation ("report": seeds where the claim holds);
 * lowerBound = one-sided Clopper–Pearson bound of matched/total at the profile's confidence;
 * met = null for "report"; with one seed the single-seed rule; with no seeds false; otherwise
 * total ≥ minSeeds and lowerBound ≥ requiredBound.
 *
 * @param profile - @defaultValue {@link DEFAULT_PROFILE}
 * @throws TypeError when a verdict's id is not `claimId` (mixing claims would be a silent error)
 */
export function aggregate(
  scenario: string,
  claimId: string,
  expect: Expectation,
  verdicts: readonly Verdict[],
  profile: ExpectationProfile = DEFAULT_PROFILE,
  facts?: readonly RunFacts[],
): AggregateRow {
  const stray = verdicts.find((v) => v.id !== claimId);
  if (stray !== undefined) {
    throw new TypeError(`aggregate: verdicts must all be of claim ${claimId}, got one of ${stray.id}`);
  }
  if (facts !== undefined && facts.length !== verdicts.length) {
    throw new TypeError(`aggregate: ${facts.length} run facts for ${verdicts.length} verdicts of claim ${claimId}; give one per verdict`);
  }
  const counts = countStatuses(verdicts.map((v, i) => ({ status: v.status, stalled: facts?.[i]?.stalled ?? false })));
  const i1 = claimId === 'AT-4' ? { i1: injectionTable(verdicts.map((v, i) => ({ at4: v.status, i1: facts?.[i]?.i1 ?? null }))) } : {};
  const total = verdicts.length;
  const target = expect === 'report' ? 'holds' : expect;
  const matched = verdicts.filter((v) => v.status === target).length;
  const lowerBound = clopperPearsonLower(matched, total, profile.confidence);
  let met: boolean | null;
  if (expect === 'report') met = null;
  else if (total === 0) met = false;
  else if (total === 1) met = expectationMetOnSeed(expect, verdicts[0]!);
  else met = total >= profile.minSeeds && lowerBound >= profile.requiredBound;
  return {
    scenario,
    id: claimId,
    expect,
    matched,
    total,
    lowerBound,
    requiredBound: profile.requiredBound,
    minSeeds: profile.minSeeds,
    met,
    ...counts,
    ...i1,
  };
}

/** What aggregation needs of a seed's run besides the verdict: whether it stalled, and I1's prediction. */
export interface RunFacts {
  /** R1–R3 held and R4 failed ({@link runStalled} in preconditions.ts). */
  stalled: boolean;
  /** I1's prediction ({@link injectionPrediction}): true = AT-4 fails; null when not evaluated. */
  i1: boolean | null;
}

/** Which rule decided a row, derived from its data. */
export type AggregateRule = 'report' | 'no-seeds' | 'single-seed' | 'too-few-seeds' | 'bound';

/** The rule that decided `row.met` (see {@link aggregate}). */
export function aggregateRule(row: AggregateRow): AggregateRule {
  if (row.expect === 'report') return 'report';
  if (row.total === 0) return 'no-seeds';
  if (row.total === 1) return 'single-seed';
  if (row.total < row.minSeeds) return 'too-few-seeds';
  return 'bound';
}

/** One line on an aggregate row in words, naming the rule that decided it, then its counts (and I1 for AT-4). */
export function describeAggregate(row: AggregateRow): string {
  const counts = ` Counts: ${formatCounts(row)}.` + (row.i1 ? ` ${formatInjectionTable(row.i1)}.` : '');
  return describeRule(row) + counts;
}

function describeRule(row: AggregateRow): string {
  const bound = formatNumber(row.lowerBound);
  const head = `${row.scenario} ${row.id}: ${row.matched}/${row.total} seeds`;
  switch (aggregateRule(row)) {
    case 'report':
      return `${head} hold (95 % lower bound ${bound}); reported, not asserted.`;
    case 'no-seeds':
      return `${head}: no seed ran, so the expectation "${row.expect}" is not met.`;
    case 'single-seed':
      return `${head} match "${row.expect}"; single-seed rule (status equals the expectation): ${row.met ? 'met' : 'not met'}.`;
    case 'too-few-seeds':
      return (
        `${head} match "${row.expect}" (95 % lower bound ${bound}); not met: the profile needs ≥ ${row.minSeeds} ` +
        `seeds with bound ≥ ${row.requiredBound}.`
      );
    case 'bound':
      return (
        `${head} match "${row.expect}"; one-sided 95 % Clopper–Pearson lower bound ${bound} ` +
        `${row.met ? '≥' : '<'} ${row.requiredBound} → ${row.met ? 'met' : 'not met'}.`
      );
  }
}

/** One run's AT-4 verdict with I1 evaluated at that run's Λ_AT. */
export interface InjectionObservation {
  at4: Verdict;
  injection: AssumptionResult;
}

/** How often I1 predicted AT-4: `correct` of `total` decided runs. */
export interface InjectionAccuracy {
  correct: number;
  /** Runs where AT-4 was decided ("holds" or "fails"). */
  total: number;
  /** Runs left out because AT-4 was inconclusive, diverged or interrupted. */
  skipped: number;
  /** correct/total; NaN when total = 0 (no evidence either way). */
  rate: number;
  /** The rate with its 95 % Wilson interval (n = 0 → [0, 1]). */
  interval: Proportion;
}

/**
 * How often the injection condition I1 predicts AT-4 (docs/claims.md): a prediction is correct when
 * I1 holds and AT-4 fails, or I1 does not hold and AT-4 holds. Runs whose AT-4 status is neither
 * "holds" nor "fails" tell nothing about AT-4 and are skipped (counted in `skipped`).
 */
export function injectionAccuracy(observations: readonly InjectionObservation[]): InjectionAccuracy {
  let correct = 0;
  let total = 0;
  for (const { at4, injection } of observations) {
    if (at4.status !== 'holds' && at4.status !== 'fails') continue;
    total++;
    if (injection.holds === (at4.status === 'fails')) correct++;
  }
  return {
    correct,
    total,
    skipped: observations.length - total,
    rate: total === 0 ? NaN : correct / total,
    interval: proportion(correct, total),
  };
}

export type { StatusCounts };

/** What counting needs of one seed's verdict for a claim. */
export interface CountedVerdict {
  status: Verdict['status'];
  /** R1–R3 held and R4 failed on this seed's run. */
  stalled: boolean;
}

/** The counts of {@link StatusCounts} over `verdicts`. */
export function countStatuses(verdicts: readonly CountedVerdict[]): StatusCounts {
  const c: StatusCounts = { holds: 0, fails: 0, inconclusive: 0, stalled: 0, diverged: 0, interrupted: 0 };
  for (const v of verdicts) {
    if (v.status === 'holds') c.holds++;
    else if (v.status === 'fails') c.fails++;
    else c.inconclusive++;
    if (v.status === 'diverged') c.diverged++;
    if (v.status === 'interrupted') c.interrupted++;
    if (v.stalled) c.stalled++;
  }
  return c;
}

/** `h holds · f fails · i inconclusive · s stalled` (diverged and interrupted named when present). */
export function formatCounts(c: StatusCounts): string {
  const extra = [c.diverged ? `${c.diverged} diverged` : '', c.interrupted ? `${c.interrupted} interrupted` : ''].filter(Boolean);
  return `${c.holds} holds · ${c.fails} fails · ${c.inconclusive} inconclusive${extra.length ? ` (${extra.join(', ')})` : ''} · ${c.stalled} stalled`;
}

/**
 * I1 against AT-4 over seeds, as a 2×2 table: I1 predicts AT-4 fails (I1 holds) or holds (I1 does
 * not hold), against AT-4 failed or held; seeds where AT-4 was neither are left out and counted. A
 * single accuracy figure would mostly show the base rate, since inside A1–A8 AT-4 nearly always fails.
 */
export interface InjectionTable {
  predictFailFailed: number;
  predictFailHeld: number;
  predictHoldFailed: number;
  predictHoldHeld: number;
  /** Seeds left out: AT-4 inconclusive, diverged or interrupted, or I1 not evaluated. */
  leftOut: number;
}

/** I1's prediction for a run: true when it predicts AT-4 fails, null when I1 was not evaluated (non-finite Λ_AT). */
export function injectionPrediction(injection: AssumptionResult | null | undefined): boolean | null {
  return injection && Number.isFinite(injection.value) ? injection.holds : null;
}

/** The {@link InjectionTable} of some seeds' AT-4 statuses and I1 predictions ({@link injectionPrediction}). */
export function injectionTable(observations: readonly { at4: Verdict['status']; i1: boolean | null }[]): InjectionTable {
  const t: InjectionTable = { predictFailFailed: 0, predictFailHeld: 0, predictHoldFailed: 0, predictHoldHeld: 0, leftOut: 0 };
  for (const { at4, i1 } of observations) {
    if ((at4 !== 'holds' && at4 !== 'fails') || i1 === null) t.leftOut++;
    else if (i1 && at4 === 'fails') t.predictFailFailed++;
    else if (i1) t.predictFailHeld++;
    else if (at4 === 'fails') t.predictHoldFailed++;
    else t.predictHoldHeld++;
  }
  return t;
}

/** One line: `I1 predicted fail: 28 failed, 0 held · predicted hold: 1 failed, 0 held · 1 left out`. */
export function formatInjectionTable(t: InjectionTable): string {
  return (
    `I1 predicted AT-4 fails: ${t.predictFailFailed} failed, ${t.predictFailHeld} held · ` +
    `predicted holds: ${t.predictHoldFailed} failed, ${t.predictHoldHeld} held · ${t.leftOut} left out`
  );
}

/**
 * A calibrated rate in words, naming its backend and seeds: `calibrated 14/30 hold on wasm (seeds
 * 7000–7029: 3 fail, 13 inconclusive, 10 stalled; docs/calibration/x.json)`, or `not calibrated on <backend>`.
 */
export function formatCalibratedRate(rate: CalibratedRate | null | undefined, backend: string): string {
  if (!rate) return `not calibrated on ${backend}`;
  return (
    `calibrated ${rate.holds}/${rate.total} hold on ${rate.backend} (seeds ${rate.seeds}: ${rate.fails} fail, ` +
    `${rate.inconclusive} inconclusive, ${rate.stalled} stalled; ${rate.source})`
  );
}

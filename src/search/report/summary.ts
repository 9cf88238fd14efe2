/**
 * What a search report says, as data: a pure function of the search state. The markdown and HTML
 * sections render it, so the two can never disagree.
 */
import { findClaim } from '../../claims/registry.js';
import { checkAssumptions } from '../../regime/assumptions.js';
import { REGIME_KEYS, type AssumptionResult, type SeededRegime } from '../../regime/types.js';
import { closestRun, confirmations, counterexampleRun } from '../engine.js';
import { confirmedGenuine, GENUINE_MIN_CONFIRMATIONS, GENUINE_MIN_FAILS } from '../genuine.js';
import { stillFails } from '../shrink.js';
import type { Phase, SearchState, StopReason, TrialRecord, TrialStatus } from '../types.js';

/** How a counterexample is to be read. */
export type CounterexampleFlag = 'genuine' | 'unconfirmed' | 'expected';

/** One regime key that shrinking changed. */
export interface KeyChange {
  key: string;
  from: unknown;
  to: unknown;
}

/** One point of the margin trajectory. */
export interface TrajectoryPoint {
  run: number;
  phase: TrialRecord['phase'];
  status: TrialStatus;
  margin: number;
  /** Lowest conclusive margin up to and including this run (NaN before any). */
  best: number;
}

/** A search's report, as data. */
export interface SearchSummary {
  claim: string;
  claimTitle: string;
  space: SearchState['space'];
  seed: number;
  stop: StopReason | null;
  interrupted: boolean;
  runs: number;
  budget: SearchState['budget'];
  elapsedSeconds: number;
  /** Experiments per phase and per status. */
  phases: Record<Exclude<Phase, 'done'>, number>;
  statuses: Partial<Record<TrialStatus, number>>;
  counterexample: null | {
    run: number;
    regime: SeededRegime;
    margin: number;
    detail: string;
    seconds: number;
    violated: AssumptionResult[];
    flag: CounterexampleFlag;
    /** One sentence: genuine candidate or expected, with the violated assumptions. */
    flagText: string;
    /** The first failure it was shrunk from (same as `run` when shrinking did not start). */
    original: { run: number; regime: SeededRegime; margin: number; seconds: number };
    changes: KeyChange[];
    /** Replays of the minimal regime on other experiment seeds: how many ran, and their verdicts. */
    confirmation: Confirmation;
    shrink: { tried: number; accepted: number; passes: number; minimal: boolean; started: boolean };
    /** The runs it went through: the original, then every accepted shrink, ending at `run`. */
    path: number[];
  };
  /** The run that came closest to failing, when none failed. */
  closest: null | { run: number; regime: SeededRegime; status: TrialStatus; margin: number; violated: string[]; detail: string };
  trajectory: TrajectoryPoint[];
}

/** One line: what the search stopped on. */
export function stopText(stop: StopReason | null, s: Pick<SearchSummary, 'runs' | 'budget' | 'elapsedSeconds'>): string {
  switch (stop) {
    case 'shrunk':
      return 'shrinking reached a minimum';
    case 'runs':
      return `budget of ${s.budget.runs} runs spent`;
    case 'seconds':
      return `time budget of ${s.budget.seconds} s spent`;
    case 'interrupted':
      return 'interrupted (SIGINT/SIGTERM); resume with --resume';
    default:
      return 'running';
  }
}

/** The minimal counterexample replayed on other experiment seeds. */
export interface Confirmation {
  planned: number;
  ran: number;
  failed: number;
  held: number;
  /** Gated by R1/R2 or broken: no verdict either way. */
  gated: number;
  seeds: number[];
}

/**
 * ` On 4 other seeds: 1 fails, 0 holds, 3 inconclusive (R1/R2).`, or nothing before any replay. A
 * failure that holds on other seeds belongs to its seed more than to its regime; one that is only
 * inconclusive elsewhere sits where training barely fits the data.
 */
export function confirmationText(c: Pick<Confirmation, 'ran' | 'failed' | 'held' | 'gated'>): string {
  if (c.ran === 0) return '';
  const gated = c.gated > 0 ? `, ${c.gated} inconclusive (gated by R1–R4, diverged or errors)` : '';
  return ` On ${c.ran} other seed${c.ran === 1 ? '' : 's'}: ${c.failed} fail${c.failed === 1 ? 's' : ''}, ${c.held} hold${c.held === 1 ? 's' : ''}${gated}.`;
}

/** Counts of confirmation statuses: failed, held, and gated (inconclusive, diverged, errors). */
export function confirmationCounts(statuses: readonly string[]): Pick<Confirmation, 'ran' | 'failed' | 'held' | 'gated'> {
  const failed = statuses.filter((s) => s === 'fails').length;
  const held = statuses.filter((s) => s === 'holds').length;
  return { ran: statuses.length, failed, held, gated: statuses.length - failed - held };
}

/**
 * The flag sentence of a counterexample. Outside the assumptions: expected. Inside A0–A8: genuine
 * only when it failed again on ≥ 8 fresh seeds, ≥ 7 of them conclusively (see genuine.ts);
 * otherwise unconfirmed, with its counts. `diagnostics` (growth of Λ, Γ, test accuracy, stall) is
 * printed beside the label.
 */
export function flagOf(
  claim: string,
  violated: readonly AssumptionResult[],
  seedsHint: string,
  confirmation: Pick<Confirmation, 'ran' | 'failed' | 'held' | 'gated'> = { ran: 0, failed: 0, held: 0, gated: 0 },
  diagnostics?: string,
): { flag: CounterexampleFlag; text: string } {
  const seeds = confirmationText(confirmation);
  const diag = diagnostics ? ` Learning: ${diagnostics}.` : '';
  if (violated.length === 0) {
    if (confirmedGenuine(confirmation)) {
      return {
        flag: 'genuine',
        text: `Genuine counterexample candidate: the regime satisfies A0–A8, yet ${claim} fails.${seeds}${diag} Check it over more seeds (${seedsHint}) before reading it as evidence against the paper.`,
      };
    }
    return {
      flag: 'unconfirmed',
      text:
        `Unconfirmed: the regime satisfies A0–A8 and ${claim} failed on the search's seed, but a genuine candidate needs ` +
        `≥ ${GENUINE_MIN_FAILS} conclusive failures on ≥ ${GENUINE_MIN_CONFIRMATIONS} fresh seeds.${seeds || ' No fresh seed ran.'}${diag} ` +
        `Check it over more seeds (${seedsHint}).`,
    };
  }
  const ids = violated.map((a) => a.id).join(', ');
  return {
    flag: 'expected',
    text: `Expected (outside the assumptions: ${ids}): the paper claims nothing about ${claim} here.${seeds}${diag}`,
  };
}

function changesBetween(from: SeededRegime, to: SeededRegime): KeyChange[] {
  const keys = [...REGIME_KEYS, 'seed'] as const;
  return keys.filter((k) => from[k] !== to[k]).map((k) => ({ key: k, from: from[k], to: to[k] }));
}

/** The trajectory of margins over the runs, with the best-so-far line. */
export function trajectoryOf(state: SearchState): TrajectoryPoint[] {
  let best = NaN;
  return state.runs.map((r) => {
    if (r.score.tier === 0 && !Number.isNaN(r.margin) && !(r.margin >= best)) best = r.margin;
    return { run: r.index, phase: r.phase, status: r.status, margin: r.margin, best };
  });
}

/**
 * The summary of a search state.
 * @param seedsHint - the command that checks the counterexample over more seeds, for the flag text
 */
export function summarize(state: SearchState, seedsHint = 'provably verify counterexample.json --seeds 8'): SearchSummary {
  const phases = { random: 0, climb: 0, shrink: 0, confirm: 0 };
  const statuses: Partial<Record<TrialStatus, number>> = {};
  for (const r of state.runs) {
    phases[r.phase]++;
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  }
  const cxRun = counterexampleRun(state);
  let counterexample: SearchSummary['counterexample'] = null;
  if (cxRun !== null) {
    const run = state.runs[cxRun]!;
    const originalRun = state.runs[state.counterexample?.original ?? cxRun]!;
    const violated = checkAssumptions(run.regime).filter((a) => !a.holds);
    const replays = confirmations(state);
    const confirmation: Confirmation = {
      planned: state.counterexample ? state.confirmSeeds : 0,
      ...confirmationCounts(replays.map((r) => r.status)),
      seeds: replays.map((r) => r.regime.seed),
    };
    const { flag, text } = flagOf(state.claim, violated, seedsHint, confirmation, run.diagnostics);
    const cx = state.counterexample;
    counterexample = {
      run: cxRun,
      regime: run.regime,
      margin: run.margin,
      detail: run.detail,
      seconds: run.seconds,
      violated,
      flag,
      flagText: text,
      original: { run: originalRun.index, regime: originalRun.regime, margin: originalRun.margin, seconds: originalRun.seconds },
      changes: changesBetween(originalRun.regime, run.regime),
      confirmation,
      shrink: cx
        ? { tried: cx.shrink.tried, accepted: cx.shrink.accepted, passes: cx.shrink.pass, minimal: cx.minimal, started: true }
        : { tried: 0, accepted: 0, passes: 0, minimal: false, started: false },
      path: [
        originalRun.index,
        ...state.runs.filter((r) => r.phase === 'shrink' && cx !== null && stillFails(r, cx.threshold)).map((r) => r.index),
      ],
    };
  }
  const closestIndex = cxRun === null ? closestRun(state) : null;
  const closestRecord = closestIndex === null ? undefined : state.runs[closestIndex];
  return {
    claim: state.claim,
    claimTitle: findClaim(state.claim)?.title ?? state.claim,
    space: state.space,
    seed: state.seed,
    stop: state.stop,
    interrupted: state.stop === 'interrupted',
    runs: state.runs.length,
    budget: { ...state.budget },
    elapsedSeconds: state.elapsedSeconds,
    phases,
    statuses,
    counterexample,
    closest: closestRecord
      ? {
          run: closestRecord.index,
          regime: closestRecord.regime,
          status: closestRecord.status,
          margin: closestRecord.margin,
          violated: closestRecord.violated,
          detail: closestRecord.detail,
        }
      : null,
    trajectory: trajectoryOf(state),
  };
}

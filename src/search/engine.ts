/**
 * The search engine: drives an {@link ExperimentRunner} through the phases of a counterexample
 * search and keeps its state.
 *
 * 1. random: `randomPerRound` regimes drawn by the space's fast-check arbitrary, each with its own
 *    experiment seed. A round is always finished: if some failed, the one that failed most deeply
 *    (lowest margin) becomes the counterexample;
 * 2. climb: from the `climbStarts` runs that came closest to failing, a pattern search descends the
 *    score (the negated margin, `score.ts`) until a run fails, which becomes the counterexample;
 *    when every starting point is at a local optimum, a new random round begins, then a new climb;
 * 3. shrink: smaller regimes that still fail as clearly (`shrink.ts`);
 * 4. confirm: the minimal regime replayed on `confirmSeeds` other experiment seeds, so the report
 *    can say whether the failure belongs to the regime or to one seed;
 * 5. done.
 *
 * The budget (experiments and wall seconds) and the abort signal are checked between experiments;
 * the state is handed to `persist` after each one. The engine never touches the disk, the CLI or
 * tensors itself, so every behaviour is testable with a fake runner.
 */
import type { SeededRegime } from '../regime/types.js';
import { firstLine } from '../util/issue.js';
import { describeMove, feedClimb, nextClimbCandidate, startRound } from './climb.js';
import { violatedAssumptions } from './cost.js';
import { confirmSeed, randomRegime } from './random.js';
import { compareScore, isFailure, scoreOf } from './score.js';
import { describeChange, feedShrink, nextShrinkCandidate, shrinkThreshold, startShrink } from './shrink.js';
import { spaceOf, type SearchSpace } from './space.js';
import { recordedRegime } from './state.js';
import type { ExperimentRunner, SearchProgress, SearchState, StopReason, TrialOutcome, TrialRecord } from './types.js';

/** What the engine runs with besides the state. */
export interface SearchDeps<R> {
  runner: ExperimentRunner<R>;
  /** @defaultValue the state's space at its cheap ranges ({@link spaceOf}) */
  space?: SearchSpace;
  /** Stops the search after the running experiment (which the runner should stop early). */
  signal?: AbortSignal;
  /** Milliseconds; injectable so that tests control the wall-clock budget. @defaultValue performance.now */
  now?: () => number;
  /** ISO time for `updated`. @defaultValue new Date().toISOString() */
  isoNow?: () => string;
  onProgress?: (p: SearchProgress) => void;
  /** Saves the state (atomically); called after each experiment and at the end. */
  persist?: (state: SearchState) => Promise<void>;
}

/** How a session of the search ended. */
export interface SearchOutcome<R> {
  /** The final state (also persisted). */
  state: SearchState;
  /** Full results kept for the report, by run index (see {@link reportRuns}). */
  results: Map<number, R>;
  /** The experiment an interruption stopped, with what it measured so far. */
  partial?: { regime: SeededRegime; result?: R };
}

/** Most consecutive random draws the space may reject before the arbitrary is declared broken. */
const MAX_REJECTED_DRAWS = 1000;

/** The run that came closest to failing (lowest score, earliest on ties), or null. */
export function closestRun(state: SearchState): number | null {
  let best: TrialRecord | null = null;
  for (const r of state.runs) {
    if (r.status === 'error') continue;
    if (best === null || compareScore(r.score, best.score) < 0) best = r;
  }
  return best?.index ?? null;
}

/** The failing run with the lowest margin (earliest on ties), or null when none failed. */
export function deepestFailure(state: SearchState): number | null {
  let best: TrialRecord | null = null;
  for (const r of state.runs) {
    if (isFailure(r.status) && (best === null || compareScore(r.score, best.score) < 0)) best = r;
  }
  return best?.index ?? null;
}

/**
 * The run a report presents as the counterexample: the shrunk one, or, when the search stopped
 * before shrinking began (budget, interruption mid-round), the deepest failure. Null when none failed.
 */
export function counterexampleRun(state: SearchState): number | null {
  return state.counterexample ? state.counterexample.shrink.current : deepestFailure(state);
}

/** The replays on other seeds of the minimal counterexample so far. */
export function confirmations(state: SearchState): TrialRecord[] {
  return state.runs.filter((r) => r.phase === 'confirm');
}

/** Runs whose full result a report shows: the counterexample, the run it was shrunk from, the closest run. */
export function reportRuns(state: SearchState): number[] {
  const keep = new Set<number>();
  const cx = counterexampleRun(state);
  if (cx !== null) keep.add(cx);
  if (state.counterexample) keep.add(state.counterexample.original);
  const closest = closestRun(state);
  if (cx === null && closest !== null) keep.add(closest);
  return [...keep];
}

/** Lowest conclusive margin so far (NaN before any). */
export function bestMargin(state: SearchState): number {
  let best = NaN;
  for (const r of state.runs) {
    if (r.score.tier === 0 && !Number.isNaN(r.margin) && !(r.margin >= best)) best = r.margin;
  }
  return best;
}

/** The canonical key of a regime: equal regimes (seed included) run once per search. */
export function regimeKey(r: SeededRegime): string {
  return JSON.stringify(recordedRegime(r));
}

interface Proposal {
  regime: SeededRegime;
  phase: TrialRecord['phase'];
  origin: string;
  feed(record: TrialRecord): void;
}

/** Makes run `index` the counterexample and starts shrinking it. */
function startCounterexample(state: SearchState, index: number): void {
  const run = state.runs[index]!;
  state.counterexample = {
    original: index,
    threshold: shrinkThreshold(run.margin),
    shrink: startShrink(index),
    minimal: false,
    confirmed: 0,
  };
  state.phase = 'shrink';
}

/** The next experiment to run, moving between phases as they end; null when the search is done. */
function propose(state: SearchState, space: SearchSpace): Proposal | null {
  let rejected = 0;
  for (;;) {
    switch (state.phase) {
      case 'random': {
        if (state.random.next >= state.random.roundEnd) {
          const failed = deepestFailure(state);
          if (failed !== null) {
            startCounterexample(state, failed);
            continue;
          }
          startRound(state, state.climbStarts);
          state.phase = 'climb';
          continue;
        }
        const i = state.random.next;
        const regime = randomRegime(space, state.seed, i);
        if (space.rejects(regime) !== null) {
          if (++rejected > MAX_REJECTED_DRAWS)
            throw new Error(`search: the ${space.name} space rejected ${MAX_REJECTED_DRAWS} draws of its own arbitrary in a row`);
          state.random.next++;
          continue;
        }
        return {
          regime,
          phase: 'random',
          origin: `random #${i + 1}`,
          feed: () => {
            state.random.next++;
          },
        };
      }
      case 'climb': {
        const cand = nextClimbCandidate(state, space);
        if (!cand) {
          state.phase = 'random';
          state.random.roundEnd = state.random.next + state.randomPerRound;
          continue;
        }
        const from = state.climb.point!;
        return {
          regime: cand.regime,
          phase: 'climb',
          origin: `climb from run ${from + 1}: ${describeMove(cand.move)}`,
          feed: (record) => {
            feedClimb(state, space, cand, record);
            if (isFailure(record.status)) startCounterexample(state, record.index);
          },
        };
      }
      case 'shrink': {
        const cand = nextShrinkCandidate(state, space);
        if (!cand) {
          state.phase = 'confirm';
          continue;
        }
        const current = state.runs[state.counterexample!.shrink.current]!.regime;
        return {
          regime: cand.regime,
          phase: 'shrink',
          origin: `shrink ${cand.step}: ${describeChange(current, cand.regime)}`,
          feed: (record) => feedShrink(state, record),
        };
      }
      case 'confirm': {
        const cx = state.counterexample!;
        if (cx.confirmed >= state.confirmSeeds) {
          state.phase = 'done';
          continue;
        }
        const seed = confirmSeed(state.seed, cx.confirmed);
        return {
          regime: { ...state.runs[cx.shrink.current]!.regime, seed },
          phase: 'confirm',
          origin: `confirm on seed ${seed}`,
          feed: () => {
            cx.confirmed++;
          },
        };
      }
      case 'done':
        return null;
    }
  }
}

/** Why the budget stops the search now, or null. */
export function budgetStop(state: SearchState, elapsedSeconds: number): StopReason | null {
  if (state.runs.length >= state.budget.runs) return 'runs';
  if (elapsedSeconds >= state.budget.seconds) return 'seconds';
  return null;
}

/**
 * Runs (or continues) a search from `state`, which it updates in place, until the claim's
 * counterexample is shrunk, the budget is spent or `signal` aborts. Never throws on a failing
 * experiment (recorded as `error`); throws only on a broken space or a failing `persist`.
 */
export async function runSearch<R>(state: SearchState, deps: SearchDeps<R>): Promise<SearchOutcome<R>> {
  const space = deps.space ?? spaceOf(state.space);
  const now = deps.now ?? (() => performance.now());
  const isoNow = deps.isoNow ?? (() => new Date().toISOString());
  const results = new Map<number, R>();
  for (const [k, v] of Object.entries(state.results)) results.set(Number(k), v as R);
  const cache = new Map<string, number>(state.runs.map((r) => [regimeKey(r.regime), r.index]));
  const started = now();
  const base = state.elapsedSeconds;
  const elapsed = () => base + (now() - started) / 1000;
  let partial: SearchOutcome<R>['partial'];
  state.sessions++;
  state.stop = null;

  const progress = (last?: TrialRecord) => {
    const cx = state.counterexample;
    deps.onProgress?.({
      phase: state.phase,
      runs: state.runs.length,
      budget: { ...state.budget },
      elapsedSeconds: elapsed(),
      bestMargin: bestMargin(state),
      last,
      shrink: cx ? { accepted: cx.shrink.accepted, tried: cx.shrink.tried } : undefined,
    });
  };
  const keepResults = () => {
    const keep = new Set(reportRuns(state));
    for (const k of [...results.keys()]) if (!keep.has(k)) results.delete(k);
    state.results = Object.fromEntries([...results].map(([k, v]) => [String(k), v]));
  };

  progress();
  let stop: StopReason | null;
  for (;;) {
    if (deps.signal?.aborted) {
      stop = 'interrupted';
      break;
    }
    stop = budgetStop(state, elapsed());
    if (stop) break;
    const proposal = propose(state, space);
    if (!proposal) {
      stop = 'shrunk';
      break;
    }
    const known = cache.get(regimeKey(proposal.regime));
    if (known !== undefined) {
      proposal.feed(state.runs[known]!); // already measured: no experiment, no budget
      continue;
    }
    const t0 = now();
    let outcome: TrialOutcome<R>;
    try {
      outcome = await deps.runner(proposal.regime, { signal: deps.signal });
    } catch (e) {
      outcome = { status: 'error', margin: NaN, detail: firstLine(e) };
    }
    if (outcome.status === 'interrupted' || deps.signal?.aborted) {
      partial = { regime: proposal.regime, result: outcome.result };
      stop = 'interrupted';
      break;
    }
    const record: TrialRecord = {
      index: state.runs.length,
      phase: proposal.phase,
      regime: recordedRegime(proposal.regime),
      status: outcome.status,
      margin: outcome.margin,
      score: scoreOf(outcome),
      seconds: Math.max(0, (now() - t0) / 1000),
      violated: violatedAssumptions(proposal.regime),
      origin: proposal.origin,
      detail: (outcome.detail ?? '').split('\n')[0]!.slice(0, 500),
      ...(outcome.diagnostics === undefined ? {} : { diagnostics: outcome.diagnostics }),
    };
    state.runs.push(record);
    cache.set(regimeKey(record.regime), record.index);
    proposal.feed(record);
    if (outcome.result !== undefined) results.set(record.index, outcome.result);
    keepResults();
    state.elapsedSeconds = elapsed();
    state.updated = isoNow();
    await deps.persist?.(state);
    progress(record);
  }
  state.stop = stop;
  state.elapsedSeconds = elapsed();
  state.updated = isoNow();
  keepResults();
  await deps.persist?.(state);
  progress();
  return { state, results, ...(partial ? { partial } : {}) };
}

/**
 * Types of the counterexample search (`provably search`, docs/cli.md). The search is pure of the
 * CLI and of TensorFlow.js: it drives an injected {@link ExperimentRunner}, so its phases, budget,
 * resume and interruption are testable with a fake runner in milliseconds.
 */
import type { VerdictStatus } from '../claims/types.js';
import type { SeededRegime } from '../regime/types.js';

/** `in`: regimes inside A1–A8 only; `all`: any valid regime, outside the assumptions too. */
export type SpaceName = 'in' | 'all';

/**
 * The search's phases, in the order a search usually passes through them. `confirm` replays the
 * minimal counterexample on other experiment seeds: a failure of one seed only is a weaker finding.
 */
export type Phase = 'random' | 'climb' | 'shrink' | 'confirm' | 'done';

/** Status of one experiment: a verdict status, or `error` when the experiment threw. */
export type TrialStatus = VerdictStatus | 'error';

/**
 * How close a regime came to breaking the claim; lower is closer. Compared tier first, then value:
 * - tier 0, conclusive (`holds`/`fails`): value = the claim's margin (negative = fails);
 * - tier 1, `inconclusive` (R1 failed): value = R1's shortfall, so climbing first finds regimes that train;
 * - tier 2, `diverged`; tier 3, `error` (value 0).
 */
export interface Score {
  tier: 0 | 1 | 2 | 3;
  value: number;
}

/** What a runner reports for one experiment. */
export interface TrialOutcome<R> {
  /** `interrupted` when the abort signal stopped it: the engine then records nothing. */
  status: TrialStatus;
  /** The claim's margin (docs/cli.md#report-folder; positive = holds with room). NaN when there is none. */
  margin: number;
  /** R1's shortfall (threshold − clean train acc) when the verdict is inconclusive. */
  shortfall?: number;
  /** One line: the verdict's detail or the error's first line. */
  detail?: string;
  /** The full result (kept for the report when this run matters: counterexample or closest). */
  result?: R;
  /** Learning diagnostics, one line (see {@link TrialRecord.diagnostics}). */
  diagnostics?: string;
}

/**
 * Runs one experiment on `regime` and evaluates the searched claim. Must not throw: errors are
 * reported as status `error`. With an aborted `signal` it should stop early and report `interrupted`.
 */
export type ExperimentRunner<R> = (regime: SeededRegime, ctx: { signal?: AbortSignal }) => Promise<TrialOutcome<R>>;

/** Both limits are checked between experiments; the search stops at the first one reached. */
export interface Budget {
  /** Most experiments, over every session of the search. */
  runs: number;
  /** Most wall-clock seconds spent in experiments and bookkeeping, over every session. */
  seconds: number;
}

/** One experiment as recorded in the search state. */
export interface TrialRecord {
  /** 0-based position in `runs`. */
  index: number;
  phase: Exclude<Phase, 'done'>;
  regime: SeededRegime;
  status: TrialStatus;
  /** The claim's margin (NaN for errors; kept for gated verdicts but not used to climb). */
  margin: number;
  score: Score;
  /** Wall seconds of the experiment. */
  seconds: number;
  /** Ids of the assumptions A1–A8 that the regime violates. */
  violated: string[];
  /** How the regime was made: `random #3`, `climb T +25`, `shrink T 200→110`, `repair A7`. */
  origin: string;
  /** The verdict's detail or the error, one line. */
  detail: string;
  /** Learning diagnostics of the run (growth of Λ, Γ; test accuracy; R3, R4), one line; absent for errors. */
  diagnostics?: string;
}

/** A climbing move: change one coordinate in one direction, by `scale` base steps. */
export interface Move {
  dim: string;
  dir: 1 | -1;
  scale: number;
}

/** Hill-climbing state (phase `climb`). */
export interface ClimbState {
  /** Climbing rounds started so far. */
  round: number;
  /** Runs used as starting points (never reused). */
  starts: number[];
  /** Starting points of this round still to climb from, best first. */
  queue: number[];
  /** The run the climb stands on, or null between starting points. */
  point: number | null;
  /** Moves not yet tried at `point`, in the order they will be tried. */
  pending: Move[];
  /** The last improving move, retried with a doubled step before `pending` (pattern search). */
  momentum: Move | null;
}

/** Shrinking state (phase `shrink`). */
export interface ShrinkState {
  /** The run of the current smallest failing regime. */
  current: number;
  /** Index into the shrink steps of the space. */
  step: number;
  /** Index into the current step's candidates. */
  candidate: number;
  /** Passes over every step; a pass with no accepted candidate ends shrinking. */
  pass: number;
  improvedThisPass: boolean;
  /** Candidates run / accepted. */
  tried: number;
  accepted: number;
}

/** The counterexample: the first failing run and its shrinking. */
export interface CounterexampleState {
  original: number;
  /**
   * The margin a shrink candidate must reach to replace the counterexample: `SHRINK_DEPTH` times
   * the original's margin (see `shrink.ts`), so that shrinking keeps the same, clear failure.
   */
  threshold: number;
  shrink: ShrinkState;
  /** True once a whole pass of shrinking found nothing smaller (a local minimum). */
  minimal: boolean;
  /** Replays on other seeds done so far (phase `confirm`). */
  confirmed: number;
}

/** Why the search stopped. */
export type StopReason = 'shrunk' | 'runs' | 'seconds' | 'interrupted';

/**
 * Everything a search needs to continue exactly where it stopped (`search-state.json`), written
 * atomically after each experiment. Non-finite numbers are encoded by `state.ts`.
 */
export interface SearchState {
  format: 'provably-search-state';
  version: 1;
  claim: string;
  space: SpaceName;
  /** The fast-check seed: regimes, their seeds and every climbing choice derive from it. */
  seed: number;
  budget: Budget;
  /** Backend preference the experiments ran with (replays use it too). */
  backend: string;
  /** Random regimes drawn per exploration round before climbing. */
  randomPerRound: number;
  /** Starting points climbed per round. */
  climbStarts: number;
  /** Other experiment seeds the minimal counterexample is replayed on. */
  confirmSeeds: number;
  phase: Phase;
  stop: StopReason | null;
  /** Wall seconds over every session. */
  elapsedSeconds: number;
  sessions: number;
  created: string;
  updated: string;
  runs: TrialRecord[];
  random: { next: number; roundEnd: number };
  climb: ClimbState;
  counterexample: CounterexampleState | null;
  /** Full results of the runs a report needs (counterexample, its original, the closest run), by run index. */
  results: Record<string, unknown>;
}

/** Progress of a search, for a progress line. */
export interface SearchProgress {
  phase: Phase;
  runs: number;
  budget: Budget;
  elapsedSeconds: number;
  /** Lowest conclusive margin so far (NaN before any conclusive run). */
  bestMargin: number;
  /** The experiment just recorded, if any. */
  last?: TrialRecord;
  /** Accepted / tried shrink candidates, while shrinking. */
  shrink?: { accepted: number; tried: number };
}

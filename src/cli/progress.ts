/**
 * A progress bar per training run on stderr: `paper-small #0  ST ███████░░░░ 420/600  loss 0.0123
 * Λ 0.0151  Γ 0.712  8 s`. Hand-written (one line rewritten with `\r`) rather than a dependency: the
 * whole need is one bar per training, redrawn at most ten times a second, and nothing else of a
 * progress library would be used. Each bar shows the time left in its training, extrapolated from
 * the steps so far. When the stream is not a terminal (a CI log), there is no bar; instead one
 * heartbeat line every {@link HEARTBEAT_MS}, so a long run is visibly alive. Disabled (`--json` on a
 * terminal): nothing.
 *
 * Several runs in one process (`verify --seeds 8`) also get an overall bar under the run's bar, over
 * all runs, with a time left from the up-front estimate of every run, scaled by the speed measured
 * so far ({@link overallTracker}); off a terminal the heartbeat line carries the same.
 */
import type { RunOptions } from '../experiment/runExperiment.js';
import { formatNumber } from '../util/format.js';
import type { OutputStream } from './context.js';

/** An event of `runExperiment`'s `onProgress`. */
export type ProgressEvent = Parameters<NonNullable<RunOptions['onProgress']>>[0];

/** Redraws at most this often (ms), except at a training's last step. */
export const REDRAW_INTERVAL_MS = 100;

const BAR_WIDTH = 24;

/** Off a terminal: one heartbeat line this often (ms). */
export const HEARTBEAT_MS = 30_000;

/** `12 s`, `3 min 5 s`: a duration for a progress line. */
export function shortDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Time left in a training at `step` of `T` after `elapsed` seconds, by the rate so far. */
export function etaSeconds(step: number, T: number, elapsed: number): number {
  return step <= 0 ? NaN : (elapsed / step) * Math.max(0, T - step);
}

/**
 * Progress over several runs, shared by their displays. Work is counted in the estimate's seconds:
 * a finished run counts its whole estimate, the current one the part of it its steps cover (an AT
 * step weighs 1 + K ST steps, as in the estimate).
 */
export interface OverallTracker {
  /** Run `index` is at `event` (from its display). */
  update(index: number, event: ProgressEvent): void;
  /** Run `index` has finished (or stopped). */
  runDone(index: number): void;
  /** Runs finished, of all. */
  readonly done: number;
  readonly total: number;
  /** Seconds left: the estimate of the work left, scaled by measured ÷ estimated time so far. */
  etaSeconds(): number;
  /** `all 3/8 runs ███████░░░░░  1 min 5 s, ETA 2 min 10 s` */
  line(): string;
}

/** One run as the overall tracker sees it: its estimated seconds and its attack steps K. */
export interface PlannedWork {
  seconds: number;
  K: number;
}

/** An {@link OverallTracker} over `runs`, in order. */
export function overallTracker(runs: readonly PlannedWork[], now: () => number = () => performance.now()): OverallTracker {
  const t0 = now();
  const total = runs.reduce((sum, r) => sum + r.seconds, 0);
  const finished = new Set<number>();
  let finishedWork = 0;
  const current = new Map<number, number>(); // run index → share of that run done (0…1)
  const workDone = () => finishedWork + [...current].reduce((sum, [i, share]) => sum + share * runs[i]!.seconds, 0);
  const tracker: OverallTracker = {
    update(index, event) {
      if (event.kind === 'eval' || finished.has(index)) return;
      const K = runs[index]?.K ?? 1;
      const T = Math.max(1, event.T);
      const units = event.kind === 'st' ? event.step : T + event.step * (1 + K);
      current.set(index, Math.min(1, units / (T * (2 + K))));
    },
    runDone(index) {
      if (finished.has(index)) return;
      finished.add(index);
      current.delete(index);
      finishedWork += runs[index]?.seconds ?? 0;
    },
    get done() {
      return finished.size;
    },
    total: runs.length,
    etaSeconds() {
      const elapsed = (now() - t0) / 1000;
      const work = workDone();
      // Before any measured work, the estimate itself; then the estimate corrected by the pace.
      return work <= 0 ? Math.max(0, total - elapsed) : (elapsed / work) * Math.max(0, total - work);
    },
    line() {
      const elapsed = (now() - t0) / 1000;
      const left = finished.size === runs.length ? 'done' : `ETA ${shortDuration(tracker.etaSeconds())}`;
      return `all ${finished.size}/${runs.length} runs ${bar(total > 0 ? workDone() : finished.size, total > 0 ? total : runs.length)}  ${shortDuration(elapsed)}, ${left}`;
    },
  };
  return tracker;
}

/** A run's place among several: the shared tracker and this run's index. */
export interface OverallPlace {
  tracker: OverallTracker;
  index: number;
}

/** Progress display of one run (ST then AT). */
export interface RunProgress {
  /** Pass to `runExperiment({ onProgress })`. */
  onProgress(event: ProgressEvent): void;
  /** Ends the current line; call once the run returned or threw. */
  finish(): void;
}

/** The bar text for `step` of `T`. */
export function bar(step: number, T: number, width = BAR_WIDTH): string {
  const filled = T <= 0 ? width : Math.min(width, Math.max(0, Math.round((step / T) * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/**
 * A progress display for one run labelled `label`, writing to `stream` when `enabled` and the
 * stream is a terminal; otherwise every call is a no-op.
 */
export function runProgress(
  stream: OutputStream,
  label: string,
  enabled: boolean,
  now: () => number = () => performance.now(),
  overall?: OverallPlace,
): RunProgress {
  if (!stream.isTTY) return heartbeat(stream, label, now, overall);
  if (!enabled) return { onProgress: () => undefined, finish: () => undefined };
  // What the cursor's line shows: a bar (kept when its training ends) or a transient status line.
  let line: 'none' | 'bar' | 'status' = 'none';
  let lastDraw = -Infinity;
  let current: 'st' | 'at' | null = null;
  let started = now();
  const width = () => Math.max(20, (stream.columns ?? 100) - 1);
  const fit = (text: string) => (text.length > width() ? `${text.slice(0, width() - 1)}…` : text);
  // With an overall bar, the display owns two lines: the run's (cursor) and the overall one below.
  const draw = (text: string, kind: 'bar' | 'status') => {
    stream.write(`\r\x1b[2K${fit(text)}`);
    if (overall) stream.write(`\n\x1b[2K${fit(overall.tracker.line())}\x1b[1A\r`);
    line = kind;
  };
  /** Keeps a bar on screen (new line), wipes a status line; wipes the overall line either way. */
  const release = () => {
    if (line === 'bar') stream.write(overall ? '\n\x1b[2K' : '\n');
    else if (line === 'status') stream.write(overall ? '\r\x1b[2K\n\x1b[2K\x1b[1A\r' : '\r\x1b[2K');
    line = 'none';
  };
  return {
    onProgress(event) {
      const t = now();
      overall?.tracker.update(overall.index, event);
      if (event.kind === 'eval') {
        release();
        draw(`${label}  ${event.which.toUpperCase()} evaluating (feature-direction and PGD attacks on the test set)…`, 'status');
        return;
      }
      if (event.kind !== current || line !== 'bar') {
        release();
        if (event.kind !== current) started = t;
        current = event.kind;
        lastDraw = -Infinity;
      }
      if (event.step !== event.T && t - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = t;
      const { row } = event;
      const seconds = (t - started) / 1000;
      const left = event.step === event.T ? 'done' : `ETA ${shortDuration(etaSeconds(event.step, event.T, seconds))}`;
      draw(
        `${label}  ${event.kind.toUpperCase()} ${bar(event.step, event.T)} ${event.step}/${event.T}  ${shortDuration(seconds)}, ${left}` +
          `  loss ${formatNumber(row.loss)}  Λ ${formatNumber(row.lambda)}  Γ ${formatNumber(row.gamma)}`,
        'bar',
      );
    },
    finish: release,
  };
}

/**
 * Off a terminal: one line every {@link HEARTBEAT_MS} of the run (checked at each progress event),
 * saying where the run is and how long its current training has left.
 */
function heartbeat(stream: OutputStream, label: string, now: () => number, overall?: OverallPlace): RunProgress {
  const t0 = now();
  let lastBeat = t0;
  let phaseStart = t0;
  let phase: 'st' | 'at' | null = null;
  const all = () =>
    overall ? ` · run ${overall.index + 1} of ${overall.tracker.total}, ETA ${shortDuration(overall.tracker.etaSeconds())} for all` : '';
  return {
    onProgress(event) {
      const t = now();
      overall?.tracker.update(overall.index, event);
      if (event.kind !== 'eval' && event.kind !== phase) {
        phase = event.kind;
        phaseStart = t;
      }
      if (t - lastBeat < HEARTBEAT_MS) return;
      lastBeat = t;
      const total = shortDuration((t - t0) / 1000);
      if (event.kind === 'eval') {
        stream.write(`${label}: ${event.which.toUpperCase()} evaluating (feature-direction and PGD attacks), ${total} so far${all()}\n`);
        return;
      }
      const elapsed = (t - phaseStart) / 1000;
      stream.write(
        `${label}: ${event.kind.toUpperCase()} step ${event.step}/${event.T} (${Math.floor((100 * event.step) / Math.max(1, event.T))} %), ` +
          `ETA ${shortDuration(etaSeconds(event.step, event.T, elapsed))} for ${event.kind.toUpperCase()}, ${total} so far · loss ${formatNumber(event.row.loss)}  Λ ${formatNumber(event.row.lambda)}  Γ ${formatNumber(event.row.gamma)}${all()}\n`,
      );
    },
    finish: () => undefined,
  };
}

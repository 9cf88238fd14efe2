/**
 * A progress bar per training run on stderr: `paper-small #0  ST ███████░░░░ 420/600  loss 0.0123
 * Λ 0.0151  Γ 0.712  8 s`. Hand-written (one line rewritten with `\r`) rather than a dependency: the
 * whole need is one bar per training, redrawn at most ten times a second, and nothing else of a
 * progress library would be used. Each bar shows the time left in its training, extrapolated from
 * the steps so far. When the stream is not a terminal (a CI log), there is no bar; instead one
 * heartbeat line every {@link HEARTBEAT_MS}, so a long run is visibly alive. Disabled (`--json` on a
 * terminal): nothing.
 */
import type { RunOptions } from '../experiment/runExperiment.js';
import { formatNumber } from '../claims/verdict.js';
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
export function runProgress(stream: OutputStream, label: string, enabled: boolean, now: () => number = () => performance.now()): RunProgress {
  if (!stream.isTTY) return heartbeat(stream, label, now);
  if (!enabled) return { onProgress: () => undefined, finish: () => undefined };
  // What the cursor's line shows: a bar (kept when its training ends) or a transient status line.
  let line: 'none' | 'bar' | 'status' = 'none';
  let lastDraw = -Infinity;
  let current: 'st' | 'at' | null = null;
  let started = now();
  const draw = (text: string, kind: 'bar' | 'status') => {
    const width = Math.max(20, (stream.columns ?? 100) - 1);
    stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    line = kind;
  };
  /** Keeps a bar on screen (new line), wipes a status line. */
  const release = () => {
    if (line === 'bar') stream.write('\n');
    else if (line === 'status') stream.write('\r\x1b[2K');
    line = 'none';
  };
  return {
    onProgress(event) {
      const t = now();
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
function heartbeat(stream: OutputStream, label: string, now: () => number): RunProgress {
  const t0 = now();
  let lastBeat = t0;
  let phaseStart = t0;
  let phase: 'st' | 'at' | null = null;
  return {
    onProgress(event) {
      const t = now();
      if (event.kind !== 'eval' && event.kind !== phase) {
        phase = event.kind;
        phaseStart = t;
      }
      if (t - lastBeat < HEARTBEAT_MS) return;
      lastBeat = t;
      const total = shortDuration((t - t0) / 1000);
      if (event.kind === 'eval') {
        stream.write(`${label}: ${event.which.toUpperCase()} evaluating (feature-direction and PGD attacks), ${total} so far\n`);
        return;
      }
      const elapsed = (t - phaseStart) / 1000;
      stream.write(
        `${label}: ${event.kind.toUpperCase()} step ${event.step}/${event.T} (${Math.floor((100 * event.step) / Math.max(1, event.T))} %), ` +
          `ETA ${shortDuration(etaSeconds(event.step, event.T, elapsed))} for ${event.kind.toUpperCase()}, ${total} so far · loss ${formatNumber(event.row.loss)}  Λ ${formatNumber(event.row.lambda)}  Γ ${formatNumber(event.row.gamma)}\n`,
      );
    },
    finish: () => undefined,
  };
}

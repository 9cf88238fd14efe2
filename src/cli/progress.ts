/**
 * A progress bar per training run on stderr: `paper-small #0  ST ███████░░░░ 420/600  loss 0.0123
 * Λ 0.0151  Γ 0.712  8 s`. Hand-written (one line rewritten with `\r`) rather than a dependency: the
 * whole need is one bar per training, redrawn at most ten times a second, and nothing else of a
 * progress library would be used. Silent when the stream is not a terminal (CI logs stay clean) or
 * when disabled (`--json`).
 */
import type { RunOptions } from '../experiment/runExperiment.js';
import { formatNumber } from '../claims/verdict.js';
import type { OutputStream } from './context.js';

/** An event of `runExperiment`'s `onProgress`. */
export type ProgressEvent = Parameters<NonNullable<RunOptions['onProgress']>>[0];

/** Redraws at most this often (ms), except at a training's last step. */
export const REDRAW_INTERVAL_MS = 100;

const BAR_WIDTH = 24;

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
  if (!enabled || !stream.isTTY) return { onProgress: () => undefined, finish: () => undefined };
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
      draw(
        `${label}  ${event.kind.toUpperCase()} ${bar(event.step, event.T)} ${event.step}/${event.T}` +
          `  loss ${formatNumber(row.loss)}  Λ ${formatNumber(row.lambda)}  Γ ${formatNumber(row.gamma)}  ${seconds.toFixed(0)} s`,
        'bar',
      );
    },
    finish: release,
  };
}

/**
 * How report.md and report.html show a status: a symbol for markdown, a tone for HTML (mapped to a
 * colour), and a word for both. Numbers are written by src/util/format.ts; a status's tone is its
 * severity (src/claims/verdict.ts), the same as on the terminal.
 */
import type { VerdictStatus } from '../claims/types.js';
import { STATUS_SEVERITY } from '../claims/verdict.js';

/** Visual tone of a cell; the HTML maps it to a colour. */
export type Tone = 'good' | 'bad' | 'warn' | 'muted' | 'info';

/** A cell's symbol, tone and word. */
export interface CellStyle {
  symbol: string;
  tone: Tone;
  label: string;
}

const STATUS_SYMBOL: Readonly<Record<VerdictStatus, string>> = {
  holds: '✅',
  fails: '❌',
  inconclusive: '❔',
  diverged: '💥',
  interrupted: '⏸️',
};

/** How a verdict status is shown: symbol for markdown, tone for HTML, and a word for both. */
export const STATUS_STYLE: Readonly<Record<VerdictStatus, CellStyle>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(STATUS_SYMBOL) as VerdictStatus[]).map((s) => [s, { symbol: STATUS_SYMBOL[s], tone: STATUS_SEVERITY[s], label: s }]),
  ) as Record<VerdictStatus, CellStyle>,
);

/** Shown for whether an expectation was met: true, false, or null (reported, not asserted). */
export function metStyle(met: boolean | null): CellStyle {
  if (met === null) return { symbol: '➖', tone: 'muted', label: 'reported' };
  return met ? { symbol: '✅', tone: 'good', label: 'met' } : { symbol: '❌', tone: 'bad', label: 'not met' };
}

/** Shown for an assumption or precondition that holds or not. */
export function holdsStyle(holds: boolean): CellStyle {
  return holds ? { symbol: '✅', tone: 'good', label: 'holds' } : { symbol: '❌', tone: 'bad', label: 'fails' };
}

/**
 * Number and status formatting shared by report.md and report.html, so both say the same thing in
 * the same digits.
 */
import type { VerdictStatus } from '../../claims/types.js';
import type { Proportion } from '../../measure/types.js';

/**
 * A number to 3 significant digits for tables: trailing zeros dropped, exponent notation outside
 * [1e-3, 1e5), integers below 1e6 written in full (step counts), NaN and ±∞ spelt out.
 */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) {
    const [mantissa, exponent] = x.toExponential(2).split('e');
    return `${String(Number(mantissa))}e${Number(exponent)}`;
  }
  return String(Number(x.toPrecision(3)));
}

/** A margin or difference with an explicit sign: "+0.123", "-0.96", "0". */
export function fmtSigned(x: number): string {
  const s = fmt(x);
  return x > 0 ? `+${s}` : s;
}

/** A fraction as a percentage to 3 significant digits: 0.9612 → "96.1 %". */
export function fmtPercent(x: number): string {
  if (!Number.isFinite(x)) return fmt(x);
  return `${String(Number((100 * x).toPrecision(3)))} %`;
}

/** "0.95 [0.91, 0.97]": a proportion with its 95 % Wilson interval. */
export function fmtProportion(p: Proportion): string {
  return `${fmt(p.value)} [${fmt(p.lower)}, ${fmt(p.upper)}]`;
}

/** "190/200". */
export function fmtCount(p: Proportion): string {
  return `${p.count}/${p.n}`;
}

/** Wall time: "42.5 s", "3 min 12 s", "1 h 04 min". */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return fmt(seconds);
  if (seconds < 60) return `${fmt(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** `>=` / `<=` as the mathematical sign. */
export function opSymbol(op: '>=' | '<='): string {
  return op === '>=' ? '≥' : '≤';
}

/** Visual tone of a status; the HTML maps it to a colour. */
export type Tone = 'good' | 'bad' | 'warn' | 'muted' | 'info';

/** How a verdict status is shown: symbol for markdown, tone for HTML, and a word for both. */
export const STATUS_STYLE: Readonly<Record<VerdictStatus, { symbol: string; tone: Tone; label: string }>> = {
  holds: { symbol: '✅', tone: 'good', label: 'holds' },
  fails: { symbol: '❌', tone: 'bad', label: 'fails' },
  inconclusive: { symbol: '❔', tone: 'warn', label: 'inconclusive' },
  diverged: { symbol: '💥', tone: 'bad', label: 'diverged' },
  interrupted: { symbol: '⏸️', tone: 'warn', label: 'interrupted' },
};

/** Shown for whether an expectation was met: true, false, or null (reported, not asserted). */
export function metStyle(met: boolean | null): { symbol: string; tone: Tone; label: string } {
  if (met === null) return { symbol: '➖', tone: 'muted', label: 'reported' };
  return met ? { symbol: '✅', tone: 'good', label: 'met' } : { symbol: '❌', tone: 'bad', label: 'not met' };
}

/** Shown for an assumption or precondition that holds or not. */
export function holdsStyle(holds: boolean): { symbol: string; tone: Tone; label: string } {
  return holds ? { symbol: '✅', tone: 'good', label: 'holds' } : { symbol: '❌', tone: 'bad', label: 'fails' };
}

/**
 * The one way provably writes a number for a human: verdict details, the terminal, report.md and
 * report.html, JUnit, search and sweep reports. One convention everywhere, so the same value reads
 * the same in every output:
 * - 4 significant digits; a safe integer in full (step counts, seeds); exponent notation
 *   (`1.235e-4`) outside [1e-3, 1e6);
 * - negatives with the ASCII hyphen-minus (`-0.2`, `-∞`), which a reader can paste into a flag or
 *   a scenario; NaN and ±∞ spelt out (`NaN`, `∞`, `-∞`); −0 as `0`;
 * - margins and differences with an explicit `+` when positive.
 * JSON output never goes through here: it keeps numbers as numbers.
 */

/** A number for a human: 4 significant digits, safe integers in full, NaN and ±∞ spelt out. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  if (x === 0) return '0';
  if (Number.isSafeInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return String(Number(x.toPrecision(4)));
  return x.toExponential(3);
}

/** A margin or difference with its sign: "+0.4213", "-0.2", "0", "-∞", "NaN". */
export function formatMargin(m: number): string {
  const s = formatNumber(m);
  return m > 0 ? `+${s}` : s;
}

/** A fraction as a percentage: 0.96123 → "96.12 %"; NaN and ±∞ as {@link formatNumber} writes them. */
export function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${formatNumber(100 * x)} %` : formatNumber(x);
}

/** An estimated proportion: its value, the bounds of its interval and the counts behind it. */
export interface ProportionLike {
  value: number;
  lower: number;
  upper: number;
  count: number;
  n: number;
}

/** "0.95 [0.9101, 0.9728]": a proportion with its 95 % interval. */
export function formatInterval(p: Pick<ProportionLike, 'value' | 'lower' | 'upper'>): string {
  return `${formatNumber(p.value)} [${formatNumber(p.lower)}, ${formatNumber(p.upper)}]`;
}

/** "190/200". */
export function formatCount(p: Pick<ProportionLike, 'count' | 'n'>): string {
  return `${p.count}/${p.n}`;
}

/** "0.95 [0.9101, 0.9728] (190/200)": a proportion with its interval and counts. */
export function formatProportion(p: ProportionLike): string {
  return `${formatInterval(p)} (${formatCount(p)})`;
}

/** Wall time: "42.53 s", "3 min 12 s", "1 h 04 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return formatNumber(seconds);
  if (seconds < 60) return `${formatNumber(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** `>=` / `<=` as the mathematical sign. */
export function opSymbol(op: '>=' | '<='): string {
  return op === '>=' ? '≥' : '≤';
}

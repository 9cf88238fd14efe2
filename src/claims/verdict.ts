import { formatMargin, formatNumber, opSymbol } from '../util/format.js';
import type { Condition, Verdict, VerdictStatus } from './types.js';

/**
 * Building blocks of verdicts (docs/cli.md#report-folder). A condition is data: name, value, op, threshold,
 * holds and margin; a verdict is its conditions plus a status. Messages are derived from the data
 * by the printers below, never stored in place of it.
 *
 * Conventions, chosen so that `holds ⇔ margin ≥ 0` for every condition and every verdict:
 * - Ties hold: `>=` and `<=` are inclusive, and value = threshold gives margin 0.
 * - NaN (in the value or the threshold) never holds. Its margin is −Infinity, so a claim with a
 *   NaN condition has margin −Infinity, the worst possible. (JSON.stringify writes ±Infinity and
 *   NaN as null; writers that need the number must encode it themselves.)
 * - An infinite threshold gives the limit of the relative margin: ±1 for a finite value, ±Infinity
 *   for an infinite one on the other side.
 * - The sign of the margin always tells holds from fails. (The quotient cannot underflow to 0 in
 *   float64, as |value − threshold| is at least an ulp of the threshold, but the invariant is
 *   enforced anyway: a failing condition with margin 0 would get −MIN_VALUE.)
 */

/** Denominator floor of the relative margin: a threshold of 0 measures the margin absolutely. */
export const MARGIN_FLOOR = 1e-12;

/**
 * The relative margin of `value op threshold`: (value − threshold)/max(|threshold|, 1e-12) for
 * `>=` and its negative for `<=` (docs/cli.md#report-folder), with the conventions of this module for ties,
 * NaN and infinities. Positive = holds with room; ≥ 0 exactly when the condition holds.
 */
export function conditionMargin(value: number, op: Condition['op'], threshold: number): number {
  if (Number.isNaN(value) || Number.isNaN(threshold)) return -Infinity;
  if (value === threshold) return 0;
  let raw: number;
  if (Number.isFinite(threshold)) {
    raw = (value - threshold) / Math.max(Math.abs(threshold), MARGIN_FLOOR);
  } else {
    raw = Number.isFinite(value) ? Math.sign(value - threshold) : Math.sign(value - threshold) * Infinity;
  }
  let margin = op === '>=' ? raw : -raw;
  const holds = op === '>=' ? value >= threshold : value <= threshold;
  if (!holds && margin >= 0) margin = -Number.MIN_VALUE;
  return margin === 0 ? 0 : margin; // −0 → 0, so that Object.is comparisons and printing agree
}

/**
 * A condition `value op threshold`. `holds` is the comparison itself (false for NaN); the margin
 * is {@link conditionMargin}.
 *
 * @throws TypeError when `op` is not ">=" or "<=" or `name` is empty
 */
export function condition(name: string, value: number, op: Condition['op'], threshold: number): Condition {
  if (op !== '>=' && op !== '<=') {
    throw new TypeError(`condition: op must be ">=" or "<=", got ${String(op)}`);
  }
  if (name.length === 0) throw new TypeError('condition: name must be a non-empty string');
  const holds = op === '>=' ? value >= threshold : value <= threshold;
  return { name, value, op, threshold, holds, margin: conditionMargin(value, op, threshold) };
}

/**
 * A verdict from its conditions: margin = min of the condition margins; status "holds" when every
 * condition holds (equivalently margin ≥ 0), else "fails". Conditions are copied, not shared.
 *
 * @throws TypeError when `conditions` is empty (a claim with nothing to check cannot hold or fail)
 */
export function verdictFromConditions(id: string, conditions: readonly Condition[], detail: string): Verdict {
  if (conditions.length === 0) {
    throw new TypeError(`verdictFromConditions: claim ${id} needs at least one condition`);
  }
  const margin = Math.min(...conditions.map((c) => c.margin));
  const holds = conditions.every((c) => c.holds);
  return {
    id,
    status: holds ? 'holds' : 'fails',
    holds,
    conditions: conditions.map((c) => ({ ...c })),
    margin,
    detail,
  };
}

/**
 * The same verdict with its status replaced by a run-level one ("interrupted", "diverged",
 * "inconclusive"): holds becomes null, the conditions and margin stay (a reader still sees what
 * was measured), and `reason` is put in front of the detail.
 */
export function gateVerdict(verdict: Verdict, status: Exclude<VerdictStatus, 'holds' | 'fails'>, reason: string): Verdict {
  return {
    ...verdict,
    status,
    holds: null,
    conditions: verdict.conditions.map((c) => ({ ...c })),
    detail: `${reason} — measured: ${verdict.detail}`,
  };
}

/**
 * How serious a verdict status is, for every renderer (terminal colour, report tone, search and
 * sweep tables): a run that diverged is as bad as a claim that failed; inconclusive and
 * interrupted runs are warnings. Exhaustive over the statuses.
 */
export const STATUS_SEVERITY = Object.freeze({
  holds: 'good',
  fails: 'bad',
  inconclusive: 'warn',
  diverged: 'bad',
  interrupted: 'warn',
} as const satisfies Record<VerdictStatus, 'good' | 'bad' | 'warn'>);

/** The severity of a status: good, bad or warn. */
export type Severity = (typeof STATUS_SEVERITY)[VerdictStatus];

/** One condition on one line, e.g. "Γ_ST ≥ 3·Λ̂_ST: 0.71 ≥ 0.048 ✓ (margin +13.8)". */
export function formatCondition(c: Condition): string {
  return `${c.name}: ${formatNumber(c.value)} ${opSymbol(c.op)} ${formatNumber(c.threshold)} ${c.holds ? '✓' : '✗'} (margin ${formatMargin(c.margin)})`;
}

/** A verdict on one line: id, status, margin, each condition, then the detail. */
export function formatVerdict(v: Verdict): string {
  const conditions = v.conditions.map(formatCondition).join('; ');
  return `${v.id} ${v.status} (margin ${formatMargin(v.margin)}) — ${conditions} — ${v.detail}`;
}

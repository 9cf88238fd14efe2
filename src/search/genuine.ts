/**
 * When a counterexample found inside the assumptions may be called a "genuine counterexample
 * candidate": it must fail again, conclusively, on fresh seeds. The search's own seed is excluded,
 * so a lucky (or unlucky) seed cannot confirm itself. A `fails` verdict implies R1–R3 held on that
 * run (otherwise the judge makes it inconclusive), so gated runs never count as confirmations.
 * 7 of 8 is the default profile's Clopper–Pearson rule (one-sided 95 % lower bound 0.529 ≥ 0.5).
 */

/** Fresh confirmation seeds required, the search's own seed excluded. @defaultValue 8 */
export const GENUINE_MIN_CONFIRMATIONS = 8;

/** Of them, at least this many must `fail` (R1–R3 holding). @defaultValue 7 */
export const GENUINE_MIN_FAILS = 7;

/** True when the confirmations support the "genuine" label. */
export function confirmedGenuine(c: { ran: number; failed: number }): boolean {
  return c.ran >= GENUINE_MIN_CONFIRMATIONS && c.failed >= GENUINE_MIN_FAILS;
}

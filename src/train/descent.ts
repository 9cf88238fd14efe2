/**
 * A step-size criterion that never looks at a claim: training behaved as gradient descent, not as a
 * sequence of jumps. A logged loss trace descends smoothly when every value is finite, it never rises
 * between consecutive log points by more than {@link DESCENT_RISE_TOLERANCE} of its initial value,
 * and it ends below where it started. A run descends smoothly when both its ST trace and its AT trace
 * (the adversarial loss) do. The sweep counts this per cell; A8's step-size bound is read off it.
 */

/** Largest rise between consecutive log points, as a fraction of the initial loss. @defaultValue 0.01 */
export const DESCENT_RISE_TOLERANCE = 0.01;

/** True when the loss values of one trace descend smoothly (see the module comment). */
export function smoothDescent(losses: readonly number[], tolerance = DESCENT_RISE_TOLERANCE): boolean {
  if (losses.length < 2 || !losses.every(Number.isFinite)) return false;
  const first = losses[0]!;
  const allowed = tolerance * Math.abs(first);
  for (let i = 1; i < losses.length; i++) if (losses[i]! - losses[i - 1]! > allowed) return false;
  return losses[losses.length - 1]! < first;
}

/** True when both the ST and the AT loss traces of a run descend smoothly. */
export function runDescendsSmoothly(traces: { st: readonly { loss: number }[]; at: readonly { loss: number }[] }): boolean {
  return smoothDescent(traces.st.map((r) => r.loss)) && smoothDescent(traces.at.map((r) => r.loss));
}

/**
 * A step-size criterion that never looks at a claim: standard training behaved as gradient descent,
 * not as a sequence of jumps. A logged loss trace descends smoothly when every value is finite, it
 * never rises between consecutive log points by more than {@link DESCENT_RISE_TOLERANCE} of its
 * initial value, and it ends below where it started.
 *
 * The criterion reads the ST trace only. ST minimises one fixed smooth objective, so a small enough
 * step decreases it monotonically and a rise is the step's doing. AT's adversarial loss is not a
 * fixed objective: the perturbation is recomputed from the weights at every step and strengthens as
 * the features grow, so it can rise at any step size (measured: +67 % of its initial value between
 * two log points at eta = 0.01 on paper-small). Its smoothness is still counted, for information.
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

/** Smooth descent of a run's ST loss trace (the criterion) and of its AT adversarial loss (information). */
export function runDescent(traces: { st: readonly { loss: number }[]; at: readonly { loss: number }[] }): { st: boolean; at: boolean } {
  return { st: smoothDescent(traces.st.map((r) => r.loss)), at: smoothDescent(traces.at.map((r) => r.loss)) };
}

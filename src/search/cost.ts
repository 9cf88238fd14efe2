/**
 * The order shrinking minimises: first how far a regime is from the paper's setting (violated
 * assumptions), then how much work it takes to replay, then how many signal patches it has. A
 * shrink step is accepted only when it lowers this cost and the claim still fails, so shrinking
 * always ends, and never trades an assumption for a smaller size.
 */
import { checkAssumptions } from '../regime/assumptions.js';
import type { Regime } from '../regime/types.js';

/** Shrinking's cost of a regime; compare with {@link compareCost}. */
export interface Cost {
  /**
   * Deviations from the paper's setting: violated assumptions among A1–A8 (A7 counting each of its
   * deviations), plus one for mini-batches (the paper analyses full-batch gradient descent).
   */
  deviations: number;
  /** Estimated floating-point work of one experiment (training ST and AT, then evaluation). */
  work: number;
  /** `sR + sNR`. */
  signal: number;
}

/** Ids of the assumptions of A1–A8 that `r` violates, in order. */
export function violatedAssumptions(r: Regime): string[] {
  return checkAssumptions(r)
    .filter((a) => !a.holds)
    .map((a) => a.id);
}

/**
 * Number of deviations from A1–A8: one per violated assumption, except A7, which counts each of its
 * deviations (K, stepSize, randomStart, norm), so that repairing part of A7 is progress.
 */
export function deviationCount(r: Regime): number {
  return checkAssumptions(r).reduce((n, a) => n + (a.holds ? 0 : a.id === 'A7' ? Math.max(1, a.value) : 1), 0);
}

/**
 * Estimated work of one experiment, up to a constant: a forward-backward pass costs
 * `rows·P·d·k·m`. Training runs `T` steps of ST (1 pass) and AT (`K` attack passes + 1); evaluation
 * runs PGD with `evalSteps` passes on the test set for both networks.
 */
export function experimentWork(r: Regime): number {
  const pass = r.P * r.d * r.k * r.m;
  const batch = r.batchSize ?? r.nTrain;
  const train = r.T * batch * pass * (2 + r.K);
  const evaluate = 2 * (r.nTest * (r.evalSteps + 2) + r.nTrain) * pass;
  return train + evaluate;
}

/** The shrinking cost of `r`. */
export function costOf(r: Regime): Cost {
  return { deviations: deviationCount(r) + (r.batchSize === null ? 0 : 1), work: experimentWork(r), signal: r.sR + r.sNR };
}

/** Lexicographic comparison: negative when `a` is cheaper than `b`. */
export function compareCost(a: Cost, b: Cost): number {
  return a.deviations - b.deviations || Math.sign(a.work - b.work) || a.signal - b.signal;
}

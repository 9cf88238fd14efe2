/**
 * Scores: how close an experiment came to breaking the claim (lower is closer), the quantity the
 * climb descends. docs/cli.md#report-folder: "search climbs the negated margin". Gated verdicts carry a margin
 * that is no evidence (an under-trained network), so they rank after every conclusive run, by how
 * far they are from being conclusive.
 */
import type { Score, TrialOutcome, TrialStatus } from './types.js';

/** The score of an experiment's outcome. */
export function scoreOf(o: Pick<TrialOutcome<unknown>, 'status' | 'margin' | 'shortfall'>): Score {
  switch (o.status) {
    case 'holds':
    case 'fails':
      return { tier: 0, value: Number.isNaN(o.margin) ? Infinity : o.margin };
    case 'inconclusive':
      return { tier: 1, value: Number.isFinite(o.shortfall) ? Math.max(0, o.shortfall!) : 1 };
    case 'diverged':
      return { tier: 2, value: 0 };
    default:
      return { tier: 3, value: 0 };
  }
}

/** Negative when `a` is closer to a failure than `b`. */
export function compareScore(a: Score, b: Score): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.value === b.value) return 0;
  return a.value < b.value ? -1 : 1;
}

/** True for the status that makes a counterexample. */
export function isFailure(status: TrialStatus): boolean {
  return status === 'fails';
}

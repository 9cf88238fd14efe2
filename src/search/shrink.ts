/**
 * Shrinking a counterexample to a minimal one that still fails. Each step of the space (assumption
 * repairs outside A1–A8, then the sizes, training length first) proposes candidates smaller than the
 * current regime along one coordinate, from fast-check's own integer shrinker (the low end first,
 * then halving the distance); the first candidate that still fails becomes the current regime and
 * its step starts again. Candidates that leave the space or do not lower the cost (`cost.ts`) are
 * skipped without running. Passes repeat until one accepts nothing: the result is then minimal in
 * the sense that no single step of the space makes it smaller and still failing.
 *
 * "Still failing" means failing at least {@link SHRINK_DEPTH} as deeply as the counterexample that
 * was found. Hypothesis shrinks only to failures of the same origin (exception type and place); a
 * claim has one way to fail but several mechanisms. ST-1 fails at margin ≈ −1 when the robust
 * feature is learned instead (Γ ≪ Λ̂), and at ≈ −2/3 when training is too short for either feature
 * to leave its initial size (Γ ≈ Λ(0)): shrinking `T` would slide from the first into the second,
 * which R1 does not exclude on easy data. A depth bound keeps the minimal case the same failure,
 * clear of the threshold, so that it also replays on another backend.
 */
import { REGIME_KEYS, type Regime, type SeededRegime } from '../regime/types.js';
import { compareCost, costOf, experimentWork, type Cost } from './cost.js';
import type { SearchSpace } from './space.js';
import type { SearchState, ShrinkState, TrialRecord } from './types.js';
import { formatNumber } from '../util/format.js';

/** A shrink candidate must reach this fraction of the original counterexample's (negative) margin. */
export const SHRINK_DEPTH = 0.9;

/** The margin a candidate must reach when the original counterexample failed with `margin`. */
export function shrinkThreshold(margin: number): number {
  return Number.isFinite(margin) ? SHRINK_DEPTH * Math.min(margin, 0) : margin;
}

/**
 * A candidate may cost at most this many times the original counterexample's work. Repairs may
 * raise the work (more steps at a smaller learning rate, more patches for A1); this keeps one repair
 * from turning a case that replays in a second into one that takes minutes.
 */
export const MAX_WORK_GROWTH = 4;

/** Shrinking that starts at run `current`. */
export function startShrink(current: number): ShrinkState {
  return { current, step: 0, candidate: 0, pass: 1, improvedThisPass: false, tried: 0, accepted: 0 };
}

/** The next candidate of shrinking. */
export interface ShrinkCandidate {
  regime: SeededRegime;
  /** The step that made it (a coordinate or a repair). */
  step: string;
}

/**
 * The candidates of one step that belong to the space and cost less than `current`, in the order
 * tried. Exposed so that a test can check minimality: at the end, none of these still fails.
 */
export function viableCandidates(
  space: SearchSpace,
  current: SeededRegime,
  stepIndex: number,
  original: SeededRegime = current,
): SeededRegime[] {
  return space.shrinkSteps[stepIndex]!.candidates(current)
    .map((c): SeededRegime => ({ ...c, seed: current.seed }))
    .filter((c) => viable(space, c, costOf(current), MAX_WORK_GROWTH * experimentWork(original)));
}

/** In the space, cheaper than the current counterexample, and within the work cap. */
function viable(space: SearchSpace, c: SeededRegime, currentCost: Cost, workCap: number): boolean {
  const cost = costOf(c);
  return compareCost(cost, currentCost) < 0 && cost.work <= workCap && space.rejects(c) === null;
}

/**
 * The next candidate to run, or null when a whole pass accepted nothing (the counterexample is
 * minimal; the state records that). Advances the state past skipped candidates and ended steps.
 */
export function nextShrinkCandidate(state: SearchState, space: SearchSpace): ShrinkCandidate | null {
  const cx = state.counterexample;
  if (!cx) return null;
  const s = cx.shrink;
  const current = state.runs[s.current]!.regime;
  const cost = costOf(current);
  const workCap = MAX_WORK_GROWTH * experimentWork(state.runs[cx.original]!.regime);
  for (;;) {
    if (s.step >= space.shrinkSteps.length) {
      if (!s.improvedThisPass) {
        cx.minimal = true;
        return null;
      }
      s.pass++;
      s.step = 0;
      s.candidate = 0;
      s.improvedThisPass = false;
      continue;
    }
    const step = space.shrinkSteps[s.step]!;
    const candidates = step.candidates(current);
    if (s.candidate >= candidates.length) {
      s.step++;
      s.candidate = 0;
      continue;
    }
    const regime: SeededRegime = { ...candidates[s.candidate]!, seed: current.seed };
    if (!viable(space, regime, cost, workCap)) {
      s.candidate++;
      continue;
    }
    return { regime, step: step.id };
  }
}

/** True when a shrink candidate's result replaces the counterexample. */
export function stillFails(record: Pick<TrialRecord, 'status' | 'margin'>, threshold: number): boolean {
  return record.status === 'fails' && (record.margin <= threshold || Number.isNaN(threshold));
}

/** Takes the result of a shrink candidate: it becomes the counterexample if it still fails. */
export function feedShrink(state: SearchState, record: TrialRecord): void {
  const cx = state.counterexample!;
  const s = cx.shrink;
  s.tried++;
  if (stillFails(record, cx.threshold)) {
    s.current = record.index;
    s.candidate = 0;
    s.improvedThisPass = true;
    s.accepted++;
  } else {
    s.candidate++;
  }
}

/** `T 200→110, logEvery 4→2`: the keys that differ between two regimes (at most `max`). */
export function describeChange(from: Regime, to: Regime, max = 3): string {
  const show = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v));
  const changed = REGIME_KEYS.filter((k) => from[k] !== to[k]).map((k) => `${k} ${show(from[k])}→${show(to[k])}`);
  return changed.length <= max ? changed.join(', ') : `${changed.slice(0, max).join(', ')}, +${changed.length - max} more`;
}

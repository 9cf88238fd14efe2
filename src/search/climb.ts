/**
 * Margin climbing: a targeted search in the spirit of Hypothesis's `target()`, which fast-check
 * lacks. From the regimes of the random phase that came closest to breaking the claim, a
 * first-improvement pattern search descends the score (the negated margin, see `score.ts`): perturb
 * one coordinate at a time within its valid range, move to the first neighbour that scores lower,
 * then repeat that move with a doubled step while it keeps improving. A starting point is
 * abandoned when no single move improves it (a local optimum); the next one is climbed.
 */
import type { SeededRegime } from '../regime/types.js';
import type { Dimension } from './dimensions.js';
import { randomFor, shuffled, STREAM } from './random.js';
import { compareScore } from './score.js';
import type { SearchSpace } from './space.js';
import type { ClimbState, Move, SearchState, TrialRecord } from './types.js';

/** An integer moves by this fraction of its range per unit of scale (at least 1). */
export const INT_STEP_FRACTION = 0.125;
/** A log-scaled real is multiplied or divided by 2^(scale·this). */
export const LOG_STEP = 0.5;
/** A linear real moves by this fraction of its range per unit of scale. */
export const REAL_STEP_FRACTION = 0.125;

/** A climb with nothing started yet. */
export function emptyClimb(): ClimbState {
  return { round: 0, starts: [], queue: [], point: null, pending: [], momentum: null };
}

/** Every move of a space: both directions of a number, the next choice of an enum or a flag. */
export function allMoves(space: SearchSpace): Move[] {
  return space.dimensions.flatMap((d): Move[] =>
    d.kind === 'int' || d.kind === 'real'
      ? [
          { dim: d.name, dir: 1, scale: 1 },
          { dim: d.name, dir: -1, scale: 1 },
        ]
      : [{ dim: d.name, dir: 1, scale: 1 }],
  );
}

function perturbed(dim: Dimension, r: SeededRegime, move: Move): number | string | boolean | null {
  const v = dim.get(r);
  if (dim.kind === 'bool') return !v;
  if (dim.kind === 'enum') {
    const values = dim.values ?? [];
    return values.length < 2 ? null : values[(values.indexOf(v as string) + 1) % values.length]!;
  }
  const [lo, hi] = dim.range!(r);
  const x = v as number;
  let next: number;
  if (dim.kind === 'int') {
    next = x + move.dir * Math.max(1, Math.round(move.scale * INT_STEP_FRACTION * (hi - lo)));
  } else if (dim.log && lo > 0 && x > 0) {
    next = x * Math.pow(2, move.dir * move.scale * LOG_STEP);
  } else {
    next = x + move.dir * move.scale * REAL_STEP_FRACTION * (hi - lo);
  }
  next = Math.min(hi, Math.max(lo, next));
  return Math.abs(next - x) <= 1e-12 * Math.max(1, Math.abs(x)) ? null : next;
}

/** The neighbour of `r` reached by `move`, or null when it leaves the range or the space. */
export function applyMove(space: SearchSpace, r: SeededRegime, move: Move): SeededRegime | null {
  const dim = space.dimensions.find((d) => d.name === move.dim);
  if (!dim) return null;
  const v = perturbed(dim, r, move);
  if (v === null) return null;
  const next = { ...dim.set(r, v), seed: r.seed };
  return space.rejects(next) === null ? next : null;
}

/** The moves to try at the point `run`, in a random order fixed by the search seed. */
export function movesAt(space: SearchSpace, seed: number, run: number): Move[] {
  return shuffled(allMoves(space), randomFor(seed, STREAM.climb, run));
}

/**
 * Starts a climbing round: queues the `count` runs that scored lowest and were not climbed from
 * before (one per regime), preferring conclusive and under-trained runs to diverged or broken ones.
 */
export function startRound(state: SearchState, count: number): void {
  const used = new Set(state.climb.starts);
  const seen = new Set<string>();
  const ranked = state.runs
    .filter((r) => !used.has(r.index) && r.status !== 'error' && r.status !== 'interrupted')
    .sort((a, b) => compareScore(a.score, b.score) || a.index - b.index);
  const queue: number[] = [];
  for (const r of ranked) {
    const key = JSON.stringify(r.regime);
    if (seen.has(key)) continue;
    seen.add(key);
    queue.push(r.index);
    if (queue.length >= count) break;
  }
  state.climb = { ...state.climb, round: state.climb.round + 1, queue, point: null, pending: [], momentum: null };
}

/** The next candidate of the climb, and which move made it. */
export interface ClimbCandidate {
  regime: SeededRegime;
  move: Move;
  source: 'momentum' | 'pending';
}

/**
 * The next neighbour to run, skipping moves that leave the space (at no cost), or null when this
 * round has no starting point left. May advance the state past such moves and exhausted points.
 */
export function nextClimbCandidate(state: SearchState, space: SearchSpace): ClimbCandidate | null {
  const c = state.climb;
  for (;;) {
    if (c.point === null) {
      const next = c.queue.shift();
      if (next === undefined) return null;
      c.point = next;
      c.starts.push(next);
      c.pending = movesAt(space, state.seed, next);
      c.momentum = null;
    }
    const base = state.runs[c.point]!.regime;
    if (c.momentum) {
      const regime = applyMove(space, base, c.momentum);
      if (regime) return { regime, move: c.momentum, source: 'momentum' };
      c.momentum = null;
      continue;
    }
    const move = c.pending[0];
    if (!move) {
      c.point = null; // a local optimum: no single move improves it
      continue;
    }
    const regime = applyMove(space, base, move);
    if (regime) return { regime, move, source: 'pending' };
    c.pending.shift();
  }
}

/** Takes the result of a climbing candidate: move there if it scored lower, else try the next move. */
export function feedClimb(state: SearchState, space: SearchSpace, cand: ClimbCandidate, record: TrialRecord): void {
  const c = state.climb;
  if (c.point === null) return;
  const improved = compareScore(record.score, state.runs[c.point]!.score) < 0;
  if (cand.source === 'pending') c.pending.shift();
  if (improved) {
    c.point = record.index;
    c.momentum = { ...cand.move, scale: cand.move.scale * 2 };
    c.pending = movesAt(space, state.seed, record.index);
  } else if (cand.source === 'momentum') {
    c.momentum = null;
  }
}

/** One line for a move, e.g. `T +2×`. */
export function describeMove(m: Move): string {
  return `${m.dim} ${m.dir > 0 ? '+' : '−'}${m.scale === 1 ? '' : `${m.scale}×`}`.trim();
}

import type { Trainer } from '../types.js';

/** A deliberately broken trainer: one realistic bug, for measuring what the checks catch. */
export interface Mutant {
  /** Stable id, e.g. "wrong-sign". */
  readonly id: string;
  /** The bug, in words. */
  readonly bug: string;
  /** A fresh trainer (mutants may keep state between calls, as real trainers do). */
  make(): Trainer;
}

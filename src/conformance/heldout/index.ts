import type { Mutant } from '../mutants/types.js';
import { portTrainer } from './_internals/port.js';
import { seedIgnored, startOnSphere, startRadiusLinear, startShared } from './starts.js';
import { staleWeights } from './state.js';
import {
  bestIterate,
  clipDataRange,
  denominatorEpsilon,
  lateProjection,
  signZeroPlus,
  skipSmallBlocks,
  sphereProjection,
} from './steps.js';
import { sumReduction, weightDecay } from './updates.js';

/**
 * The held-out bugs: realistic mistakes of ports of adversarial training (Madry-style PGD,
 * torchattacks, ART), written before the checks that close the blind spots they sit in, and never
 * used to tune a check or a tolerance. They are scored apart from the mutation suite
 * (docs/conformance.md). Each is a float64 plain-TypeScript port ({@link portTrainer}) with one
 * piece replaced.
 */
export const HELD_OUT_MUTANTS: readonly Mutant[] = Object.freeze([
  startOnSphere,
  startRadiusLinear,
  startShared,
  seedIgnored,
  sphereProjection,
  lateProjection,
  staleWeights,
  signZeroPlus,
  skipSmallBlocks,
  denominatorEpsilon,
  bestIterate,
  weightDecay,
  clipDataRange,
  sumReduction,
]);

/** The held-out port with every piece correct: an independent float64 trainer (a false-alarm control). */
export function portControl() {
  return portTrainer('float64 port (every piece correct)');
}

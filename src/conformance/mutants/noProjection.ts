import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * The projection is missing. Invisible at the paper's defaults: one normalised step of size eps
 * from 0 lands on the sphere anyway.
 */
export const noProjection: Mutant = {
  id: 'no-projection',
  bug: 'the projection onto the ball is missing (δ ← δ + stepSize·normalise(g), never pulled back)',
  make: () => variantTrainer('no-projection', { project: (delta) => delta.clone() }),
};

import { referenceUpdate } from '../referenceTrainer.js';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/** The update uses the clean loss: W is stepped along ∇_W L(W; X, y), δ is computed and ignored. */
export const cleanLossUpdate: Mutant = {
  id: 'clean-loss-update',
  bug: 'the update uses the clean loss L(W; X, y) instead of L(W; X + δ, y)',
  make: () => variantTrainer('clean-loss-update', { update: (input) => referenceUpdate({ ...input, delta: null }) }),
};

import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * The gradient is taken at the clean input in every PGD step (∇_X L(W; X, y), not at X + δ). With
 * K = 1 and a zero start that is the right gradient, so only K > 1 or a random start shows it.
 */
export const cleanGradient: Mutant = {
  id: 'clean-gradient',
  bug: 'every ascent step takes the gradient at the clean input X instead of X + δ',
  make: () => variantTrainer('clean-gradient', { gradientInput: (X2) => X2.clone() }),
};

import * as tf from '@tensorflow/tfjs';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * The projection is onto the wrong norm: every budget is clipped coordinate-wise, the ℓ∞
 * projection (`clamp(δ, −eps, eps)`) kept from code written for ℓ∞ attacks.
 */
export const wrongNormProjection: Mutant = {
  id: 'wrong-norm-projection',
  bug: 'projects onto the ℓ∞ box (clip to ±eps) whatever the budget norm',
  make: () =>
    variantTrainer('wrong-norm-projection', { project: (delta, ball) => tf.clipByValue(delta, -ball.eps, ball.eps) as tf.Tensor2D }),
};

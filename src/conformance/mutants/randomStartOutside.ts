import * as tf from '@tensorflow/tfjs';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * The random start leaves the ball: δ₀ = eps·N(0, I) per coordinate (`eps * randn_like(x)`), whose
 * patch norm is about eps·√d. The final projection hides it after the last step.
 */
export const randomStartOutside: Mutant = {
  id: 'random-start-outside',
  bug: 'the random start is eps·N(0, I) per coordinate, far outside the ball',
  make: () =>
    variantTrainer('random-start-outside', {
      start: (rows, d, ball, random, rng) => {
        if (!random) return tf.zeros([rows, d]) as tf.Tensor2D;
        return tf.tensor2d(rng.fillNormal(new Float32Array(rows * d), ball.eps) as Float32Array, [rows, d]);
      },
    }),
};

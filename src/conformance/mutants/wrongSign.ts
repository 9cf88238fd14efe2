import * as tf from '@tensorflow/tfjs';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/** The ascent step has the wrong sign: δ − s·normalise(g), the descent update pasted into the attack. */
export const wrongSign: Mutant = {
  id: 'wrong-sign',
  bug: 'the ascent step has the wrong sign (δ ← δ − stepSize·normalise(∇_X L): it descends the loss)',
  make: () => variantTrainer('wrong-sign', { ascend: (delta, step, stepSize) => tf.sub(delta, tf.mul(step, stepSize)) as tf.Tensor2D }),
};

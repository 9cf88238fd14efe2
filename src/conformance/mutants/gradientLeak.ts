import * as tf from '@tensorflow/tfjs';
import { weightGradientFreshInput } from '../../model/network.js';
import { referenceUpdate } from '../referenceTrainer.js';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * The adversarial gradient leaks into W's update: each ascent step's backward pass also
 * accumulates ∇_W L(W; X + δ_s) (as `loss.backward()` fills `W.grad`), and the gradients are zeroed
 * before the attack instead of before the update, so the update steps along the sum.
 */
export const gradientLeak: Mutant = {
  id: 'gradient-leak',
  bug: "the attack's ∇_W (accumulated by its backward passes) leaks into W's update: zero_grad() before the attack, not before the update",
  make: () => {
    let leaked: Float32Array | null = null;
    return variantTrainer('gradient-leak', {
      onAscentGradient: (Xd, D, _W, n) => {
        const g = tf.tidy(() => weightGradientFreshInput(Xd, D, n));
        const values = g.dataSync() as Float32Array;
        // W.grad has W's shape: a new shape is a new model, whose buffer starts from this gradient.
        leaked = leaked === null || leaked.length !== values.length ? Float32Array.from(values) : leaked.map((v, i) => v + values[i]);
        g.dispose();
      },
      update: (input) => {
        const next = referenceUpdate(input);
        if (leaked !== null && leaked.length === next.length) for (let i = 0; i < next.length; i++) next[i] -= input.eta * leaked[i];
        leaked = null; // zero_grad() after the step
        return next;
      },
    });
  },
};

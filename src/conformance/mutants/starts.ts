import * as tf from '@tensorflow/tfjs';
import { randomStart } from '../../attack/ball.js';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

const zeros = (rows: number, d: number) => tf.zeros([rows, d]) as tf.Tensor2D;

/** linf start `eps * rand_like(x)`: uniform in [0, eps], not [−eps, eps]. */
export const startOneSided: Mutant = {
  id: 'start-one-sided',
  bug: 'the random start is eps·rand_like(x), uniform in [0, eps] instead of [−eps, eps] (every norm)',
  make: () =>
    variantTrainer('start-one-sided', {
      start: (rows, d, ball, random, rng) => (random ? (tf.abs(randomStart(rows, d, ball, rng)) as tf.Tensor2D) : zeros(rows, d)),
    }),
};

/** ℓ2 start uniform in the cube inscribed in the ball: per coordinate U[−eps/√D, eps/√D]. */
export const startCubeInBall: Mutant = {
  id: 'start-cube-in-ball',
  bug: 'the ℓ2 random starts are uniform per coordinate in [−eps/√D, eps/√D] (the inscribed cube), not uniform in the ball',
  make: () =>
    variantTrainer('start-cube-in-ball', {
      start: (rows, d, ball, random, rng) => {
        if (!random) return zeros(rows, d);
        const D = ball.norm === 'patch-l2' ? d : ball.norm === 'l2' ? ball.P * d : 1;
        const out = new Float32Array(rows * d);
        for (let i = 0; i < out.length; i++) out[i] = (ball.eps / Math.sqrt(D)) * (2 * rng.uniform() - 1);
        return tf.tensor2d(out, [rows, d]);
      },
    }),
};

/** One patch's start copied to every patch of the sample (`randn(n, 1, d).expand(n, P, d)`). */
export const startSharedAcrossPatches: Mutant = {
  id: 'start-shared-across-patches',
  bug: "one patch's random start is broadcast to every patch of a sample (randn of shape [n, 1, d] expanded)",
  make: () =>
    variantTrainer('start-shared-across-patches', {
      start: (rows, d, ball, random, rng) => {
        if (!random) return zeros(rows, d);
        const n = rows / ball.P;
        const perPatch = ball.norm === 'l2' ? { ...ball, eps: ball.eps / Math.sqrt(ball.P), P: 1 } : { ...ball, P: 1 };
        const one = randomStart(n, d, { ...perPatch, norm: ball.norm === 'l2' ? 'patch-l2' : ball.norm }, rng);
        const out = tf.tidy(() => tf.reshape(tf.tile(tf.reshape(one, [n, 1, d]), [1, ball.P, 1]), [rows, d]) as tf.Tensor2D);
        one.dispose();
        return out;
      },
    }),
};

/**
 * The start is the previous call's final δ (a persistent perturbation, as in "free" adversarial
 * training), projected: the seed is not what decides it, and a call depends on the one before.
 */
export const startPersistent: Mutant = {
  id: 'start-persistent',
  bug: "the random start is the previous call's final δ (a persistent perturbation carried across calls), not a fresh seeded draw",
  make: () => {
    let previous: Float32Array | null = null;
    const trainer = variantTrainer('start-persistent', {
      start: (rows, d, ball, random, rng) => {
        if (!random) return zeros(rows, d);
        if (previous === null || previous.length !== rows * d) return randomStart(rows, d, ball, rng);
        return tf.tensor2d(previous, [rows, d]);
      },
    });
    return {
      name: trainer.name,
      attack: (input) => {
        const delta = trainer.attack(input) as Float32Array;
        if (input.budget.randomStart) previous = delta.slice();
        return delta;
      },
      update: trainer.update,
    };
  },
};

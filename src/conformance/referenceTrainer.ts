import * as tf from '@tensorflow/tfjs';
import { pgdAttack } from '../attack/pgd.js';
import { stream } from '../random/rng.js';
import { standardStep } from '../train/train.js';
import { readFloat32, withBatch } from './_internals/tensors.js';
import type { AttackInput, Trainer, UpdateInput } from './types.js';

/**
 * Our own training attack (`pgdAttack`, docs/model.md#training) behind the {@link Trainer} interface. The random
 * start is drawn from the `attackAT` stream of `seed`, so the same seed gives the same δ.
 */
export function referenceAttack(input: AttackInput): Float32Array {
  const { shape, budget } = input;
  return withBatch(shape, input.W, input.X, input.y, (t) => {
    const spec = { ...budget, P: shape.P };
    const rng = budget.randomStart ? stream(input.seed, 'attackAT') : null;
    return readFloat32(pgdAttack(t.X2, t.W, t.Y, t.net, spec, rng));
  });
}

/**
 * Our own gradient-descent step (`standardStep`, docs/model.md#training) behind the {@link Trainer} interface:
 * W − eta·∇_W L(W; X + δ, y), at X when δ is null.
 */
export function referenceUpdate(input: UpdateInput): Float32Array {
  const { shape } = input;
  return withBatch(shape, input.W, input.X, input.y, (t) => {
    const Xused =
      input.delta === null ? t.X2 : tf.tidy(() => tf.add(t.X2, tf.tensor2d(input.delta as Float32Array, t.X2.shape)) as tf.Tensor2D);
    try {
      const { Wn, check } = standardStep(Xused, t.Y, t.W, t.net, input.eta, false);
      check.dispose();
      return readFloat32(Wn);
    } finally {
      if (Xused !== t.X2) Xused.dispose();
    }
  });
}

/** Our implementation as a {@link Trainer}: the yardstick every comparison check measures against. */
export const referenceTrainer: Trainer = Object.freeze({
  name: 'provably reference (tfjs)',
  attack: referenceAttack,
  update: referenceUpdate,
});

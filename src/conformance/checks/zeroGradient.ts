import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import type { AttackCase } from '../cases.js';
import { callAttack, describeBudget } from '../_internals/calls.js';
import { maxAbs } from '../_internals/arrays.js';
import { Extreme } from '../_internals/extreme.js';
import { attackInput, guarded, type TrainerCheck } from './context.js';

const ID = 'attack.zero-gradient';

/** X with the last patch of every sample blank (exactly 0). */
export function withBlankPatch(c: AttackCase): Float32Array {
  const X = c.X.slice();
  const { n, P, d } = c.shape;
  for (let i = 0; i < n; i++) X.fill(0, (i * P + P - 1) * d, (i * P + P) * d);
  return X;
}

/** Largest |δ| over the last patch of every sample. */
function maxOnLastPatch(delta: Float32Array, c: AttackCase): number {
  const { n, P, d } = c.shape;
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, maxAbs(delta.subarray((i * P + P - 1) * d, (i * P + P) * d)));
  return m;
}

/**
 * An exact zero gradient gives an exact zero step (linf: sign(0) = 0). From a zero start:
 * - a blank patch (x_p = 0, so every pre-activation on it is 0 and σ̃′(0) = 0) has a zero gradient at
 *   every iterate, so δ stays exactly 0 on it, for every norm and schedule;
 * - zero weights give a zero gradient everywhere, so δ = 0 exactly.
 * A sign with sign(0) = +1, a NaN guard that adds a constant to the gradient, or a random direction
 * for a zero block all move δ there.
 */
export const zeroGradientCheck: TrainerCheck = {
  id: ID,
  title: 'a zero gradient gives exactly zero step: blank patches and zero weights leave δ = 0',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const blank = new Extreme('max');
      const zeroW = new Extreme('max');
      for (const c of ctx.cases) {
        const input = { ...attackInput(c, { randomStart: false }), X: withBlankPatch(c) };
        blank.see(maxOnLastPatch(await callAttack(ctx.trainer, input), c), `${c.id} (${describeBudget(input)})`);
        const zero = { ...attackInput(c, { randomStart: false }), W: new Float32Array(c.W.length) };
        zeroW.see(maxAbs(await callAttack(ctx.trainer, zero)), `${c.id} (${describeBudget(zero)})`);
      }
      return verdictFromConditions(
        ID,
        [
          condition('max |δ| on a blank patch (zero start)', blank.value, '<=', 0),
          condition('max |δ| at W = 0 (zero start)', zeroW.value, '<=', 0),
        ],
        `On blank patches the largest |δ| was ${f(blank.value)} (${blank.where}); at W = 0 it was ${f(zeroW.value)} (${zeroW.where}). Both must be exactly 0.`,
      );
    }),
};

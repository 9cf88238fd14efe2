import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { callAttack, callUpdate } from '../_internals/calls.js';
import { attackInput, guarded, updateInput, type TrainerCheck } from './context.js';

const ID = 'trainer.inputs-untouched';

function changed(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) count++;
  return count;
}

/**
 * The trainer does not write into its inputs: an attack that adds δ to X in place, or an update
 * that steps W in place, corrupts the clean batch or the caller's weights in a real training loop.
 */
export const inputsUntouchedCheck: TrainerCheck = {
  id: ID,
  title: 'attack and update leave W, X, y and δ as given',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      let written = 0;
      const where: string[] = [];
      for (const c of ctx.cases) {
        const a = attackInput(c);
        const delta = await callAttack(ctx.trainer, a);
        const u = updateInput(c, delta);
        await callUpdate(ctx.trainer, u);
        const counts = {
          'attack W': changed(a.W, c.W),
          'attack X': changed(a.X, c.X),
          'attack y': changed(a.y, c.y),
          'update W': changed(u.W, c.W),
          'update X': changed(u.X, c.X),
          'update y': changed(u.y, c.y),
          'update δ': changed(u.delta!, delta),
        };
        for (const [name, count] of Object.entries(counts)) {
          if (count > 0 && where.length < 3) where.push(`${name} (${count} entries, ${c.id})`);
          written += count;
        }
      }
      return verdictFromConditions(
        ID,
        [condition('input entries written by the trainer', written, '<=', 0)],
        written === 0 ? 'No call changed its input arrays.' : `Inputs written: ${where.join('; ')}.`,
      );
    }),
};

import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { callAttack, describeBudget } from '../_internals/calls.js';
import { difference, maxAbs } from '../_internals/arrays.js';
import { Extreme } from '../_internals/extreme.js';
import { attackInput, guarded, type TrainerCheck } from './context.js';

const ID = 'attack.seeded';

/**
 * The same input and seed give the same δ (the `seed` contract of {@link AttackInput}): runs replay,
 * and the step-rule check can rebuild an attack's last step from its own previous iterate.
 */
export const seededCheck: TrainerCheck = {
  id: ID,
  title: 'same input and seed, same δ',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const worst = new Extreme('max');
      for (const c of ctx.cases) {
        const again = await callAttack(ctx.trainer, attackInput(c));
        worst.see(maxAbs(difference(again, await ctx.attackOf(c))) / c.budget.eps, `${c.id} (${describeBudget(c)})`);
      }
      return verdictFromConditions(
        ID,
        [condition('max |δ₁ − δ₂|/eps for the same seed', worst.value, '<=', ctx.tolerances.seeded)],
        `Two calls with the same input and seed differed by at most ${f(worst.value)}·eps (${worst.where}).`,
      );
    }),
};

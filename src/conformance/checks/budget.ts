import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { NORMS } from '../cases.js';
import { describeBudget } from '../_internals/calls.js';
import { budgetNorms } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { guarded, type TrainerCheck } from './context.js';

const ID = 'attack.budget';

/**
 * The attack respects its budget for every norm (docs/model.md#training): ‖δ_p‖₂ ≤ eps per patch, ‖δ‖₂ ≤ eps per
 * sample, |δ| ≤ eps per coordinate, whatever the number of steps, their size and the start. With
 * K = 1, a zero start and stepSize = eps a normalised step lands on the sphere whether or not the
 * projection works, so the cases include K > 1 and stepSize > eps.
 */
export const budgetCheck: TrainerCheck = {
  id: ID,
  title: 'δ stays in the ball for every norm, schedule and start',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const worst = new Map(NORMS.map((n) => [n, new Extreme('max')]));
      for (const c of ctx.cases) {
        const norms = budgetNorms(c.shape, c.budget.norm, await ctx.attackOf(c));
        for (const v of norms) worst.get(c.budget.norm)!.see(v / c.budget.eps, `${c.id} (${describeBudget(c)})`);
      }
      const seen = NORMS.filter((n) => worst.get(n)!.count > 0);
      return verdictFromConditions(
        ID,
        seen.map((n) => condition(`max ‖δ‖/eps, ${n}`, worst.get(n)!.value, '<=', 1 + ctx.tolerances.budget)),
        `Largest ‖δ‖/eps in the budget's own norm: ${seen.map((n) => `${n} ${f(worst.get(n)!.value)} at ${worst.get(n)!.where}`).join('; ')}.`,
      );
    }),
};

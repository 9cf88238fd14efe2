import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { callAttack, callUpdate, describeBudget } from '../_internals/calls.js';
import { difference, maxAbs, relativeError } from '../_internals/arrays.js';
import { Extreme } from '../_internals/extreme.js';
import { attackInput, guarded, updateInput, type TrainerCheck } from './context.js';

const ID = 'attack.zero-budget';

/**
 * eps = 0 is a no-op (docs/model.md#training): δ is exactly 0 whatever the steps, step size and start, and the
 * adversarial update at that δ is the standard one. The step size is kept at the case's (not 0), so
 * an attack that takes its radius from anywhere but `budget.eps` shows.
 */
export const zeroBudgetCheck: TrainerCheck = {
  id: ID,
  title: 'eps = 0: δ = 0 exactly and the adversarial update equals the standard one',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const delta = new Extreme('max');
      const step = new Extreme('max');
      for (const c of ctx.cases) {
        const input = attackInput(c, { eps: 0 });
        const d = await callAttack(ctx.trainer, input);
        delta.see(maxAbs(d), `${c.id} (${describeBudget(input)})`);
        const at = await callUpdate(ctx.trainer, updateInput(c, d));
        const st = await callUpdate(ctx.trainer, updateInput(c, null));
        step.see(relativeError(difference(at, c.W), difference(st, c.W)), c.id);
      }
      return verdictFromConditions(
        ID,
        [
          condition('max |δ| at eps = 0', delta.value, '<=', 0),
          condition('‖ΔW_AT − ΔW_ST‖/‖ΔW_ST‖ at eps = 0', step.value, '<=', ctx.tolerances.update),
        ],
        `At eps = 0 the largest |δ| was ${f(delta.value)} (${delta.where}); the adversarial step differed from ` +
          `the standard one by ${f(step.value)} relative (${step.where}).`,
      );
    }),
};

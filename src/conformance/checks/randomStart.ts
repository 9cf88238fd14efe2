import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { callAttack, describeBudget } from '../_internals/calls.js';
import { maxAbs } from '../_internals/arrays.js';
import { budgetNorms } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { attackInput, guarded, type TrainerCheck } from './context.js';

const ID = 'attack.start';

/**
 * The attack's start, seen with 0 ascent steps: a random start lies in the ball and reaches into
 * it (not a point at the centre), and without a random start the start is 0. A start outside the
 * ball is invisible at the end when the final projection pulls δ back, so it is checked alone.
 */
export const randomStartCheck: TrainerCheck = {
  id: ID,
  title: 'the start: a random start lies in the ball and fills it; otherwise δ starts at 0',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const outside = new Extreme('max');
      const reach = new Extreme('min');
      const zero = new Extreme('max');
      for (const c of ctx.cases) {
        const start = await callAttack(ctx.trainer, attackInput(c, { steps: 0, randomStart: true }));
        const norms = budgetNorms(c.shape, c.budget.norm, start);
        let sum = 0;
        for (const v of norms) {
          outside.see(v / c.budget.eps, `${c.id} (${c.budget.norm} eps=${f(c.budget.eps)})`);
          sum += v / c.budget.eps;
        }
        reach.see(sum / norms.length, `${c.id} (${c.budget.norm} eps=${f(c.budget.eps)})`);
        const plain = await callAttack(ctx.trainer, attackInput(c, { steps: 0, randomStart: false }));
        zero.see(maxAbs(plain), `${c.id} (${describeBudget(c)})`);
      }
      return verdictFromConditions(
        ID,
        [
          condition('max ‖δ₀‖/eps of a random start', outside.value, '<=', 1 + ctx.tolerances.budget),
          condition('min over cases of mean ‖δ₀‖/eps of a random start', reach.value, '>=', ctx.tolerances.randomStartReach),
          condition('max |δ| with 0 steps and no random start', zero.value, '<=', 0),
        ],
        `Random starts (0 steps): largest ‖δ₀‖/eps ${f(outside.value)} at ${outside.where}; smallest mean ` +
          `‖δ₀‖/eps ${f(reach.value)} at ${reach.where} (a uniform point of the ball has mean ≥ 2/3). ` +
          `Without a random start, largest |δ| ${f(zero.value)} at ${zero.where}.`,
      );
    }),
};

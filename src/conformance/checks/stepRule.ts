import { condition, formatNumber as f, verdictFromConditions } from '../../claims/verdict.js';
import { NORMS } from '../cases.js';
import { callAttack, describeBudget } from '../_internals/calls.js';
import { determinedCoordinates, maxAbsDiffWhere, relativeError } from '../_internals/arrays.js';
import { referenceAscentStep } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { attackInput, guarded, type TrainerCheck } from './context.js';

const ID = 'attack.step-rule';

/**
 * Each ascent step is docs/model.md#training's: the attack with K steps equals one reference step
 * Proj(δ + stepSize · normalise(∇_X L(W; X + δ, y))) taken from the same attack's own (K − 1)-step
 * iterate δ (same seed). Comparing one step at a time keeps float32 differences from compounding,
 * so the tolerance can be tight; coordinates where the step is not determined by the gradient to
 * float32 precision (a vanishing block, where normalise() jumps) are left out.
 *
 * It sees what the end result can hide: the gradient taken at the wrong point, the wrong
 * normalisation or projection, a step computed and dropped, labels out of place.
 */
export const stepRuleCheck: TrainerCheck = {
  id: ID,
  title: 'every ascent step is Proj(δ + stepSize·normalise(∇_X L(X + δ)))',
  kind: 'reference',
  run: (ctx) =>
    guarded(ID, async () => {
      const worst = new Map(NORMS.map((n) => [n, new Extreme('max')]));
      const notes = new Map<string, string>();
      for (const c of ctx.cases) {
        if (c.budget.steps < 1) continue;
        const previous = await callAttack(ctx.trainer, attackInput(c, { steps: c.budget.steps - 1 }));
        const last = await ctx.attackOf(c);
        const ref = referenceAscentStep(c.shape, c.W, c.X, c.y, c.budget, previous);
        const mask = determinedCoordinates(ref.gradient, c.budget.norm, c.shape, ctx.tolerances.determined);
        const where = `${c.id} (${describeBudget(c)})`;
        const e = worst.get(c.budget.norm)!;
        e.see(maxAbsDiffWhere(last, ref.next, mask) / c.budget.eps, where);
        if (e.where === where) notes.set(c.budget.norm, f(relativeError(last, ref.next)));
      }
      const seen = NORMS.filter((n) => worst.get(n)!.count > 0);
      return verdictFromConditions(
        ID,
        seen.map((n) => condition(`max |δ_K − step(δ_{K−1})|/eps, ${n}`, worst.get(n)!.value, '<=', ctx.tolerances.stepRule)),
        `Largest deviation of the last ascent step from the reference step, in units of eps: ` +
          seen.map((n) => `${n} ${f(worst.get(n)!.value)} at ${worst.get(n)!.where}, ‖δ_K − ref‖/‖ref‖ = ${notes.get(n)}`).join('; ') +
          '. (The (K−1)-step iterate comes from the same seed: if attack.seeded fails, so does this.)',
      );
    }),
};

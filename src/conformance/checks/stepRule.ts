import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { NORMS } from '../cases.js';
import { describeBudget } from '../_internals/calls.js';
import { determinedCoordinates, maxAbsDiffWhere, relativeError } from '../_internals/arrays.js';
import { referenceAscentStep } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { guarded, type TrainerCheck } from './context.js';

const ID = 'attack.step-rule';

/**
 * Each ascent step is docs/model.md#training's, at every iterate: for k = 1…K the attack with k steps
 * equals one reference step Proj(δ + stepSize · normalise(∇_X L(W; X + δ, y))) taken from the same
 * attack's own (k − 1)-step iterate δ (same seed). A "projection" that rescales onto the sphere, or
 * one applied only after the loop, can agree with the true one by the last step, and a best-iterate
 * attack agrees wherever the loss kept rising; every iterate, with a schedule that overshoots the
 * ball, shows them. Comparing one step at a time keeps float32 differences from compounding,
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
        for (let k = 1; k <= c.budget.steps; k++) {
          const previous = await ctx.iterateOf(c, k - 1);
          const current = await ctx.iterateOf(c, k);
          const ref = referenceAscentStep(c.shape, c.W, c.X, c.y, c.budget, previous);
          const mask = determinedCoordinates(ref.gradient, c.budget.norm, c.shape, ctx.tolerances.determined);
          const where = `${c.id} step ${k} of ${c.budget.steps} (${describeBudget(c)})`;
          const e = worst.get(c.budget.norm)!;
          e.see(maxAbsDiffWhere(current, ref.next, mask) / c.budget.eps, where);
          if (e.where === where) notes.set(c.budget.norm, f(relativeError(current, ref.next)));
        }
      }
      const seen = NORMS.filter((n) => worst.get(n)!.count > 0);
      return verdictFromConditions(
        ID,
        seen.map((n) => condition(`max over k of |δ_k − step(δ_{k−1})|/eps, ${n}`, worst.get(n)!.value, '<=', ctx.tolerances.stepRule)),
        `Largest deviation of an ascent step (every iterate k = 1…K, each from the attack's own (k−1)-step iterate) from the reference step, in units of eps: ` +
          seen.map((n) => `${n} ${f(worst.get(n)!.value)} at ${worst.get(n)!.where}, ‖δ_K − ref‖/‖ref‖ = ${notes.get(n)}`).join('; ') +
          '. (The iterates come from calls with the same seed: if attack.seeded fails, so does this.)',
      );
    }),
};

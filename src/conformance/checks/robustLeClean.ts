import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { describeBudget } from '../_internals/calls.js';
import { measureAt } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { guarded, type TrainerCheck } from './context.js';

const ID = 'attack.robust-le-clean';

/**
 * Robust accuracy ≤ clean accuracy, for the attack on its own: no more samples are classified
 * correctly at X + δ than at X. (the robust accuracies also count the clean point, which
 * makes the inequality hold by construction; here it is a property of the attack.)
 */
export const robustLeCleanCheck: TrainerCheck = {
  id: ID,
  title: 'accuracy at X + δ ≤ accuracy at X',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const excess = new Extreme('max');
      let clean = 0;
      let robust = 0;
      for (const c of ctx.cases) {
        const before = measureAt(c.shape, c.W, c.X, c.y, null).correct;
        const after = measureAt(c.shape, c.W, c.X, c.y, await ctx.attackOf(c)).correct;
        clean += before;
        robust += after;
        excess.see(after - before, `${c.id} (${describeBudget(c)}: ${after} vs ${before} of ${c.shape.n} correct)`);
      }
      return verdictFromConditions(
        ID,
        [condition('max over cases of (correct at X+δ − correct at X)', excess.value, '<=', 0)],
        `Over all cases ${robust} samples were correct under attack against ${clean} clean; the largest excess ` +
          `was ${f(excess.value)} at ${excess.where}.`,
      );
    }),
};

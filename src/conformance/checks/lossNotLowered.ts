import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { describeBudget } from '../_internals/calls.js';
import { measureAt } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { guarded, type TrainerCheck } from './context.js';

const ID = 'attack.loss-not-lowered';

/**
 * An ascent attack does not lower the loss: the mean cross-entropy at X + δ, measured by our
 * network, is not below the clean one (relative allowance `lossDrop`). It catches an attack that
 * descends instead of ascending, whatever its other details.
 */
export const lossNotLoweredCheck: TrainerCheck = {
  id: ID,
  title: 'the attack does not lower the loss (vs clean)',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const gain = new Extreme('min');
      for (const c of ctx.cases) {
        const clean = measureAt(c.shape, c.W, c.X, c.y, null);
        const adv = measureAt(c.shape, c.W, c.X, c.y, await ctx.attackOf(c));
        gain.see((adv.meanLoss - clean.meanLoss) / Math.abs(clean.meanLoss), `${c.id} (${describeBudget(c)})`);
      }
      return verdictFromConditions(
        ID,
        [condition('min over cases of (L(X+δ) − L(X))/L(X)', gain.value, '>=', -ctx.tolerances.lossDrop)],
        `The smallest relative change of the mean loss under the attack was ${f(gain.value)} at ${gain.where}.`,
      );
    }),
};

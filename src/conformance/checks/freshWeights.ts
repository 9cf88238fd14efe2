import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { stream } from '../../random/rng.js';
import type { AttackCase } from '../cases.js';
import { callAttack, callUpdate, describeBudget } from '../_internals/calls.js';
import { determinedCoordinates, difference, maxAbsDiffWhere, relativeError } from '../_internals/arrays.js';
import { referenceAscentStep } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { referenceUpdate } from '../referenceTrainer.js';
import { attackInput, guarded, updateInput, type TrainerCheck } from './context.js';

const ID = 'trainer.fresh-weights';

/** A second weight matrix for a case: a fresh draw at the case's own scale. */
export function otherWeights(c: AttackCase): Float32Array {
  let sq = 0;
  for (const w of c.W) sq += w * w;
  return stream(c.seed, 'init').fillNormal(new Float32Array(c.W.length), Math.sqrt(sq / c.W.length)) as Float32Array;
}

/**
 * Every call uses the weights it is given, whatever came before: calls alternate between the case's
 * W₁ and a second matrix W₂, as successive steps of a training loop do, and the results at W₂ are
 * compared with ours. The attack: its k-step iterate at W₂ (called right after a call at W₁) must
 * be one reference step at W₂ from its (k − 1)-step iterate at W₂ (also called right after one at
 * W₁). The update: W₂′ − W₂ (called right after an update at W₁) must equal ours. A model copy
 * synced at the wrong time, a gradient buffer or momentum carried from the previous call all show.
 */
export const freshWeightsCheck: TrainerCheck = {
  id: ID,
  title: 'attack and update use the weights of this call, not state left by the previous one',
  kind: 'reference',
  run: (ctx) =>
    guarded(ID, async () => {
      const attack = new Extreme('max');
      const update = new Extreme('max');
      for (const c of ctx.cases) {
        const K = c.budget.steps;
        if (K < 1) continue;
        const W2 = otherWeights(c);
        const at2 = (steps: number) => ({ ...attackInput(c, { steps }), W: W2.slice() });
        const a1 = await callAttack(ctx.trainer, attackInput(c, { steps: K }));
        const previous = await callAttack(ctx.trainer, at2(K - 1));
        await callAttack(ctx.trainer, attackInput(c, { steps: K - 1 }));
        const current = await callAttack(ctx.trainer, at2(K));
        const ref = referenceAscentStep(c.shape, W2, c.X, c.y, c.budget, previous);
        const mask = determinedCoordinates(ref.gradient, c.budget.norm, c.shape, ctx.tolerances.determined);
        attack.see(maxAbsDiffWhere(current, ref.next, mask) / c.budget.eps, `${c.id} (${describeBudget(c)})`);
        await callUpdate(ctx.trainer, updateInput(c, a1));
        const u2 = { ...updateInput(c, current), W: W2.slice() };
        const step = difference(await callUpdate(ctx.trainer, u2), W2);
        const refStep = difference(referenceUpdate({ ...updateInput(c, current), W: W2.slice() }), W2);
        update.see(relativeError(step, refStep), c.id);
      }
      return verdictFromConditions(
        ID,
        [
          condition('attack at W₂ after a call at W₁: max |δ_k − step(δ_{k−1})|/eps', attack.value, '<=', ctx.tolerances.stepRule),
          condition('update at W₂ after one at W₁: ‖ΔW − ΔW_ref‖/‖ΔW_ref‖', update.value, '<=', ctx.tolerances.update),
        ],
        `After a call at other weights, the attack's step at W₂ deviated from ours by up to ${f(attack.value)}·eps ` +
          `(${attack.where}) and the update by ${f(update.value)} relative (${update.where}).`,
      );
    }),
};

import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { callAttack, callUpdate } from '../_internals/calls.js';
import { difference, relativeError } from '../_internals/arrays.js';
import { referenceUpdate } from '../referenceTrainer.js';
import { Extreme } from '../_internals/extreme.js';
import { attackInput, guarded, updateInput, type TrainerCheck } from './context.js';

const ID = 'update.reference';

/**
 * One update equals ours: W′ − W = −eta·∇_W L(W; X + δ, y) for the δ the trainer's own attack
 * just returned (called first, as in a training step, so state carried from the attack into the
 * update shows), and −eta·∇_W L(W; X, y) for a standard step. Compared as steps ΔW, not as W′, so
 * that a small wrong term is not drowned by W itself.
 */
export const updateCheck: TrainerCheck = {
  id: ID,
  title: 'one update equals ours, at the adversarial points (AT) and at the clean ones (ST)',
  kind: 'reference',
  run: (ctx) =>
    guarded(ID, async () => {
      const at = new Extreme('max');
      const st = new Extreme('max');
      let diagnosis = '';
      for (const c of ctx.cases) {
        const delta = await callAttack(ctx.trainer, attackInput(c));
        const stepAt = difference(await callUpdate(ctx.trainer, updateInput(c, delta)), c.W);
        const refAt = difference(referenceUpdate(updateInput(c, delta)), c.W);
        const refSt = difference(referenceUpdate(updateInput(c, null)), c.W);
        at.see(relativeError(stepAt, refAt), c.id);
        if (at.where === c.id) {
          diagnosis = `; against the update at the clean points it differs by ${f(relativeError(stepAt, refSt))}`;
        }
        const stepSt = difference(await callUpdate(ctx.trainer, updateInput(c, null)), c.W);
        st.see(relativeError(stepSt, refSt), c.id);
      }
      return verdictFromConditions(
        ID,
        [
          condition('AT: ‖ΔW − ΔW_ref(X+δ)‖/‖ΔW_ref‖', at.value, '<=', ctx.tolerances.update),
          condition('ST: ‖ΔW − ΔW_ref(X)‖/‖ΔW_ref‖', st.value, '<=', ctx.tolerances.update),
        ],
        `Largest relative error of one AT step: ${f(at.value)} at ${at.where}${diagnosis}. ` +
          `Of one ST step: ${f(st.value)} at ${st.where}.`,
      );
    }),
};

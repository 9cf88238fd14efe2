import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { stream } from '../../random/rng.js';
import { callAttack, callUpdate } from '../_internals/calls.js';
import { difference, gatherRows, maxAbs, relativeError } from '../_internals/arrays.js';
import type { AttackCase } from '../cases.js';
import { Extreme } from '../_internals/extreme.js';
import { attackInput, guarded, updateInput, type TrainerCheck } from './context.js';

const ID = 'labels.aligned';

/** The case with its samples reordered by `perm`. */
function permuted(c: AttackCase, perm: Int32Array): AttackCase {
  const row = c.shape.P * c.shape.d;
  return { ...c, X: gatherRows(c.X, perm, row), y: gatherRows(c.y, perm, 1) };
}

/**
 * Each sample is attacked and trained with its own label. The loss is a sum over samples, so with
 * a deterministic start (no random start) the attack is per sample: reordering the batch reorders
 * δ the same way, and changing one sample's label changes no other sample's δ; the update's mean
 * loss does not depend on the order at all. Labels paired with the wrong inputs break all three.
 */
export const labelsCheck: TrainerCheck = {
  id: ID,
  title: 'labels stay with their samples: δ follows a reordering, one label moves one δ, W′ ignores order',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const order = new Extreme('max');
      const local = new Extreme('max');
      const update = new Extreme('max');
      for (const c of ctx.cases) {
        if (c.budget.randomStart || c.shape.n < 2) continue;
        const perm = stream(c.seed, 'batches').partialPermutation(c.shape.n, c.shape.n);
        const row = c.shape.P * c.shape.d;
        const base = await ctx.attackOf(c);
        const moved = permuted(c, perm);
        const deltaMoved = await callAttack(ctx.trainer, attackInput(moved));
        order.see(maxAbs(difference(deltaMoved, gatherRows(base, perm, row))) / c.budget.eps, c.id);
        // Relabel sample 0 only: every other sample's δ must stay as it was.
        const relabelled: AttackCase = { ...c, y: c.y.slice() };
        relabelled.y[0] = (c.y[0] + 1) % c.shape.k;
        const deltaRelabelled = await callAttack(ctx.trainer, attackInput(relabelled));
        local.see(maxAbs(difference(deltaRelabelled.subarray(row), base.subarray(row))) / c.budget.eps, c.id);
        const w = difference(await callUpdate(ctx.trainer, updateInput(c, base)), c.W);
        const wMoved = difference(await callUpdate(ctx.trainer, updateInput(moved, gatherRows(base, perm, row))), c.W);
        update.see(relativeError(wMoved, w), c.id);
      }
      const tol = ctx.tolerances.equivariance;
      return verdictFromConditions(
        ID,
        [
          condition('max |δ(πX, πy) − π·δ(X, y)|/eps', order.value, '<=', tol),
          condition('max |δ_i change|/eps, i ≠ 0, after changing y_0', local.value, '<=', tol),
          condition('‖ΔW(πX, πy, πδ) − ΔW(X, y, δ)‖/‖ΔW‖', update.value, '<=', tol),
        ],
        `Reordering the batch moved δ off its samples by up to ${f(order.value)}·eps (${order.where}); changing ` +
          `one label changed other samples' δ by up to ${f(local.value)}·eps (${local.where}); the update changed by ` +
          `${f(update.value)} relative (${update.where}).`,
      );
    }),
};

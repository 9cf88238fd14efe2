import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { NORMS } from '../cases.js';
import { callAttack } from '../_internals/calls.js';
import { measureAt } from '../_internals/measure.js';
import { referenceAttack } from '../referenceTrainer.js';
import { attackInput, guarded, type TrainerCheck } from './context.js';

const ID = 'attack.strength';

/** Random starts drawn per random-start case, for the trainer and for us alike: averages out the start. */
export const STRENGTH_DRAWS = 3;

/**
 * The attack is as strong as ours: per norm, over the cases (K > 1, stepSize < eps, random starts
 * included), the loss the trainer's δ adds to the clean loss is at least `strength` times what our
 * `pgdAttack` adds with the same budget and seed. Sums over cases, and over {@link STRENGTH_DRAWS}
 * seeds of each random-start case, because random starts drawn by two generators make single cases
 * differ by ±25 % even between two seeds of ours.
 */
export const strengthCheck: TrainerCheck = {
  id: ID,
  title: 'loss gain of the attack ≥ tolerance × that of our PGD, per norm',
  kind: 'reference',
  run: (ctx) =>
    guarded(ID, async () => {
      const gains = new Map(NORMS.map((n) => [n, { user: 0, ref: 0, cases: 0 }]));
      for (const c of ctx.cases) {
        const clean = measureAt(c.shape, c.W, c.X, c.y, null).meanLoss;
        const g = gains.get(c.budget.norm)!;
        const draws = c.budget.randomStart ? STRENGTH_DRAWS : 1;
        for (let r = 0; r < draws; r++) {
          const input = { ...attackInput(c), seed: c.seed + r };
          const delta = r === 0 ? await ctx.attackOf(c) : await callAttack(ctx.trainer, input);
          g.user += measureAt(c.shape, c.W, c.X, c.y, delta).meanLoss - clean;
          g.ref += measureAt(c.shape, c.W, c.X, c.y, referenceAttack(input)).meanLoss - clean;
        }
        g.cases++;
      }
      const seen = NORMS.filter((n) => gains.get(n)!.cases > 0);
      return verdictFromConditions(
        ID,
        seen.map((n) =>
          condition(`Σ gain / Σ reference gain, ${n}`, gains.get(n)!.user / gains.get(n)!.ref, '>=', ctx.tolerances.strength),
        ),
        'Mean-loss gain over the clean loss, summed over cases (trainer vs our PGD): ' +
          seen.map((n) => `${n} ${f(gains.get(n)!.user)} vs ${f(gains.get(n)!.ref)} (${gains.get(n)!.cases} cases)`).join('; ') +
          '.',
      );
    }),
};

import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import type { AttackCase } from '../cases.js';
import { callAttack, describeBudget } from '../_internals/calls.js';
import { determinedCoordinates } from '../_internals/arrays.js';
import { measureAt, referenceAscentStep } from '../_internals/measure.js';
import { Extreme } from '../_internals/extreme.js';
import { referenceAttack } from '../referenceTrainer.js';
import type { AttackInput } from '../types.js';
import { attackInput, guarded, type TrainerCheck } from './context.js';

const ID = 'attack.last-iterate';

/** The oscillating schedule: steps of twice the radius, so iterates jump across the ball and the loss can fall. */
export const OSCILLATING = { steps: 3, stepFactor: 2 } as const;

/** A sample's loss counts as fallen when the last iterate's is below an earlier one's by this fraction. */
const FALL = 1e-3;

/**
 * The attack returns its last iterate, not the iterate with the highest loss (the training attack
 * is not the evaluation PGD). On an oscillating schedule (3 steps of 2·eps, zero start) our
 * reference's loss falls at the last step for some samples: there the best and the last iterate
 * differ. On those samples, the trainer's 3-step δ must be one reference step from its own 2-step
 * iterate. A best-iterate (or early-stopping) attack keeps an earlier, higher-loss iterate there.
 */
export const lastIterateCheck: TrainerCheck = {
  id: ID,
  title: 'the attack returns the last iterate, also where the loss fell at the last step',
  kind: 'reference',
  run: (ctx) =>
    guarded(ID, async () => {
      const worst = new Extreme('max');
      let fallen = 0;
      for (const c of ctx.cases) {
        const budget = { steps: OSCILLATING.steps, stepSize: OSCILLATING.stepFactor * c.budget.eps, randomStart: false };
        const at = (steps: number): AttackInput => attackInput(c, { ...budget, steps });
        const losses = [1, 2, 3].map((k) => measureAt(c.shape, c.W, c.X, c.y, referenceAttack(at(k))).loss);
        const samples = fallenSamples(losses, c);
        if (samples.length === 0) continue;
        fallen += samples.length;
        const previous = await callAttack(ctx.trainer, at(OSCILLATING.steps - 1));
        const last = await callAttack(ctx.trainer, at(OSCILLATING.steps));
        const ref = referenceAscentStep(c.shape, c.W, c.X, c.y, { ...c.budget, ...budget }, previous);
        const mask = determinedCoordinates(ref.gradient, c.budget.norm, c.shape, ctx.tolerances.determined);
        const row = c.shape.P * c.shape.d;
        for (const i of samples) {
          let m = 0;
          for (let t = i * row; t < (i + 1) * row; t++) if (mask[t]) m = Math.max(m, Math.abs(last[t] - ref.next[t]));
          worst.see(m / c.budget.eps, `${c.id} sample ${i} (${describeBudget(at(OSCILLATING.steps))})`);
        }
      }
      return verdictFromConditions(
        ID,
        [
          condition('samples where the loss fell at the last step (checked)', fallen, '>=', 1),
          condition('max |δ_K − step(δ_{K−1})|/eps on those samples', worst.count > 0 ? worst.value : 0, '<=', ctx.tolerances.stepRule),
        ],
        `On ${fallen} samples our reference's loss fell at the last of ${OSCILLATING.steps} steps of ${OSCILLATING.stepFactor}·eps; there the ` +
          `trainer's last step deviated from the reference step by up to ${f(worst.count > 0 ? worst.value : 0)}·eps (${worst.where}).`,
      );
    }),
};

/** Samples whose loss at the last iterate is below the largest earlier one by more than {@link FALL}. */
function fallenSamples(losses: Float32Array[], c: AttackCase): number[] {
  const out: number[] = [];
  const last = losses[losses.length - 1];
  for (let i = 0; i < c.shape.n; i++) {
    let best = -Infinity;
    for (let k = 0; k < losses.length - 1; k++) best = Math.max(best, losses[k][i]);
    if (last[i] < best - FALL * Math.abs(best)) out.push(i);
  }
  return out;
}

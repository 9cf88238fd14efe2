import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { reference64 } from '../../model/reference64.js';
import type { AttackCase } from '../cases.js';
import { blockSize } from '../_internals/arrays.js';
import { callAttack, describeBudget } from '../_internals/calls.js';
import { Extreme } from '../_internals/extreme.js';
import type { AttackInput } from '../types.js';
import { attackInput, guarded, type TrainerCheck } from './context.js';

const ID = 'attack.small-gradient';

/** A block whose gradient norm is at least this fraction of the largest block's must get the full step. */
export const FULL_STEP_RATIO = 1e-6;

/**
 * Blocks are classed with a margin of 2 on the float64 gradient, so that float32 rounding of the
 * trainer's own gradient cannot move a block across the line.
 */
const CLASS_MARGIN = 2;

/** Inputs where some blocks have small but valid gradients: faint patches, and small weights. */
function smallGradientInputs(c: AttackCase): { name: string; input: AttackInput }[] {
  const budget = { steps: 1, stepSize: c.budget.eps / 2, randomStart: false };
  const { n, P, d } = c.shape;
  // Every patch but the last (which keeps the sample's largest gradient) is scaled by 1e-2, 1e-4, 1e-6 in turn.
  const faint = c.X.slice();
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < P - 1; p++) {
      const factor = [1e-2, 1e-4, 1e-6][p % 3];
      for (let t = 0; t < d; t++) faint[(i * P + p) * d + t] *= factor;
    }
  }
  const faintSamples = c.X.slice();
  for (let i = 0; i < n; i++) for (let t = i * P * d; t < (i + 1) * P * d; t++) faintSamples[t] *= [1, 1e-2, 1e-4][i % 3];
  return [
    { name: 'faint patches', input: { ...attackInput(c, budget), X: faint } },
    { name: 'faint samples', input: { ...attackInput(c, budget), X: faintSamples } },
    { name: 'weights ×1e-2', input: { ...attackInput(c, budget), W: c.W.map((w) => w * 1e-2) } },
  ];
}

function norms(a: ArrayLike<number>, size: number): Float64Array {
  const out = new Float64Array(a.length / size);
  for (let b = 0; b < out.length; b++) {
    let s = 0;
    for (let i = b * size; i < (b + 1) * size; i++) s += a[i] * a[i];
    out[b] = Math.sqrt(s);
  }
  return out;
}

/**
 * The step rule for small gradients, from a zero start with one step of eps/2 (so the projection
 * never binds and every block's step is visible whole): a block whose gradient norm is at least
 * {@link FULL_STEP_RATIO} × the largest block's (linf: coordinates of a sample; patch-l2: patches of a
 * sample; l2: samples of the batch) gets exactly the full step; below that any step up to stepSize
 * is allowed. The inputs have faint patches (×1e-2, 1e-4, 1e-6), faint samples (×1e-2, 1e-4) and small weights (×1e-2), where
 * gradients are small but valid. A "stability" guard that skips small blocks, `g/(‖g‖ + c)`, or a
 * sign that flushes small values to 0 gives them less than the full step.
 */
export const smallGradientCheck: TrainerCheck = {
  id: ID,
  title: "a block with ‖g‖ ≥ 1e-6 × the largest block's gets the full step; none gets more",
  kind: 'reference',
  run: (ctx) =>
    guarded(ID, async () => {
      const full = new Extreme('max');
      const over = new Extreme('max');
      let small = 0;
      let smallest = Infinity;
      for (const c of ctx.cases) {
        const size = blockSize(c.budget.norm, c.shape);
        const perGroup = c.budget.norm === 'l2' ? c.shape.n : (c.shape.P * c.shape.d) / size;
        for (const { name, input } of smallGradientInputs(c)) {
          const g = reference64({ X: input.X, y: input.y, W: input.W, ...input.shape }).gradX;
          const gn = norms(g, size);
          const delta = await callAttack(ctx.trainer, input);
          const dn = norms(delta, size);
          const s = input.budget.stepSize;
          const where = `${c.id}, ${name} (${describeBudget(input)})`;
          for (let start = 0; start < gn.length; start += perGroup) {
            let largest = 0;
            for (let b = start; b < start + perGroup; b++) largest = Math.max(largest, gn[b]);
            for (let b = start; b < start + perGroup; b++) {
              const ratio = largest > 0 ? gn[b] / largest : 0;
              over.see(dn[b] / s - 1, where);
              if (ratio >= CLASS_MARGIN * FULL_STEP_RATIO) {
                full.see(Math.abs(dn[b] / s - 1), where);
                if (ratio < 1e-2) {
                  small++;
                  smallest = Math.min(smallest, ratio);
                }
              }
            }
          }
        }
      }
      const tol = ctx.tolerances.fullStep;
      return verdictFromConditions(
        ID,
        [
          condition(`max |‖δ_b‖/stepSize − 1| where ‖g_b‖ ≥ ${CLASS_MARGIN * FULL_STEP_RATIO}·max`, full.value, '<=', tol),
          condition('max ‖δ_b‖/stepSize − 1 over every block', over.value, '<=', tol),
          condition('blocks checked with 1e-2 > ‖g_b‖/max ≥ 2e-6', small, '>=', 1),
        ],
        `Full-step blocks deviated from stepSize by up to ${f(full.value)} relative (${full.where}); ${small} of them had a ` +
          `gradient below 1e-2 of their group's largest (smallest ratio ${f(smallest)}). The largest step was ` +
          `${f(1 + over.value)}·stepSize (${over.where}).`,
      );
    }),
};

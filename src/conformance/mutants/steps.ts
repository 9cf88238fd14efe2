import * as tf from '@tensorflow/tfjs';
import { normaliseStep, project, type Ball } from '../../attack/ball.js';
import { forwardBackward } from '../../model/network.js';
import { correctMask } from '../../measure/accuracy.js';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/** linf steps along g / max|g| instead of sign(g). */
export const linfByMax: Mutant = {
  id: 'linf-normalised-by-max',
  bug: 'the linf step is g/max|g| (an ℓ∞-normalised gradient) instead of sign(g)',
  make: () =>
    variantTrainer('linf-normalised-by-max', {
      normalise: (g, ball) =>
        ball.norm === 'linf' ? tf.tidy(() => tf.div(g, tf.add(tf.max(tf.abs(g), 1, true), 1e-30)) as tf.Tensor2D) : normaliseStep(g, ball),
    }),
};

/** ℓ2 steps normalised by the norm of the whole batch's gradient (`grad / grad.norm()`). */
export const batchNormalised: Mutant = {
  id: 'normalised-over-batch',
  bug: 'ℓ2 steps are g/‖g‖ over the whole batch (grad / grad.norm()) instead of per block',
  make: () =>
    variantTrainer('normalised-over-batch', {
      normalise: (g, ball) =>
        ball.norm === 'linf' ? normaliseStep(g, ball) : tf.tidy(() => tf.div(g, tf.add(tf.norm(g), 1e-30)) as tf.Tensor2D),
    }),
};

/** δ ← Proj(δ) + stepSize·normalise(g): the projection before the step, so the last step leaves the ball. */
export const projectBeforeStep: Mutant = {
  id: 'project-before-step',
  bug: 'the projection is applied before the step (δ ← Proj(δ) + s·normalise(g)), so each step can leave the ball',
  make: () => {
    let ball: Ball = { norm: 'patch-l2', eps: 0, P: 1 };
    return variantTrainer('project-before-step', {
      radius: (budget, shape) => {
        ball = { norm: budget.norm, eps: budget.eps, P: shape.P };
        return budget.eps;
      },
      ascend: (delta, step, stepSize) => tf.add(project(delta, ball), tf.mul(step, stepSize)) as tf.Tensor2D,
      project: (delta) => tf.clone(delta),
    });
  },
};

/** The step size is capped at eps (min(stepSize, eps)), "to stay in the ball". */
export const stepSizeCapped: Mutant = {
  id: 'step-size-capped',
  bug: 'the step size is capped at eps (min(stepSize, eps)), which changes every overshooting schedule',
  make: () => {
    let eps = 0;
    return variantTrainer('step-size-capped', {
      radius: (budget) => (eps = budget.eps),
      ascend: (delta, step, stepSize) => tf.add(delta, tf.mul(step, Math.min(stepSize, eps))) as tf.Tensor2D,
    });
  },
};

/** `F.normalize(g, eps=1e-4)`: a block with ‖g‖ < 1e-4 gets g/1e-4, less than the full step. */
export const normaliseClamp: Mutant = {
  id: 'normalise-clamp',
  bug: 'ℓ2 steps are g/max(‖g‖, 1e-4) (F.normalize with a large eps): a small but valid gradient gets less than the full step',
  make: () =>
    variantTrainer('normalise-clamp', {
      normalise: (g, ball) => {
        if (ball.norm === 'linf') return normaliseStep(g, ball);
        return tf.tidy(() => {
          const G = ball.norm === 'l2' ? tf.reshape(g, [g.shape[0] / ball.P, -1]) : g;
          const n = tf.maximum(tf.sqrt(tf.sum(tf.square(G), 1, true)), 1e-4);
          return tf.reshape(tf.div(G, n), g.shape) as tf.Tensor2D;
        });
      },
    }),
};

/** A NaN guard that adds 1e-12 to the gradient before normalising: a zero block steps along (1, …, 1). */
export const nanGuardConstant: Mutant = {
  id: 'nan-guard-constant',
  bug: 'a NaN guard adds 1e-12 to the gradient before normalising, so a zero-gradient block steps along (1, …, 1)',
  make: () =>
    variantTrainer('nan-guard-constant', { normalise: (g, ball) => tf.tidy(() => normaliseStep(tf.add(g, 1e-12) as tf.Tensor2D, ball)) }),
};

/** linf sign that flushes |g| < 1.19e-7 to 0 (what tfjs-wasm's Sign does). */
export const signFlush: Mutant = {
  id: 'sign-flushes-small',
  bug: "linf sign(g) is 0 for |g| < 1.19e-7 (tfjs-wasm's Sign), so coordinates with small but valid gradients do not move",
  make: () =>
    variantTrainer('sign-flushes-small', {
      normalise: (g, ball) =>
        ball.norm === 'linf'
          ? tf.tidy(() => tf.mul(normaliseStep(g, ball), tf.cast(tf.greaterEqual(tf.abs(g), 1.19e-7), 'float32')) as tf.Tensor2D)
          : normaliseStep(g, ball),
    }),
};

/** Early-stopped PGD: a sample stops moving once it is misclassified (the "friendly" attack), not the last iterate. */
export const earlyStop: Mutant = {
  id: 'early-stop-misclassified',
  bug: 'a sample stops being attacked once it is misclassified (early-stopped PGD), so the returned δ is not the last iterate',
  make: () =>
    variantTrainer('early-stop-misclassified', {
      carry: (previous, next, at) =>
        tf.tidy(() => {
          const { F } = forwardBackward(tf.add(at.X2, previous) as tf.Tensor2D, at.W, at.Y, at.net);
          const wrong = tf.sub(1, tf.cast(correctMask(F, at.y), 'float32'));
          const rows = previous.shape[0];
          const w = tf.reshape(wrong, [at.n, 1]);
          const keep = (t: tf.Tensor2D) => tf.reshape(t, [at.n, -1]);
          const out = tf.add(tf.mul(keep(previous), w), tf.mul(keep(next), tf.sub(1, w)));
          return tf.reshape(out, [rows, previous.shape[1]]) as tf.Tensor2D;
        }),
    }),
};

/** δ.grad is never zeroed inside the loop: step k follows the sum of the gradients of steps 1…k. */
export const gradientAccumulates: Mutant = {
  id: 'input-gradient-accumulates',
  bug: "the input gradient is not zeroed between ascent steps (no delta.grad.zero_()), so step k follows the sum of steps 1…k's gradients",
  make: () => {
    let sum: tf.Tensor2D | null = null;
    return variantTrainer('input-gradient-accumulates', {
      normalise: (g, ball) => {
        const total: tf.Tensor2D =
          sum === null || sum.shape[0] !== g.shape[0] || sum.shape[1] !== g.shape[1]
            ? tf.keep(tf.clone(g))
            : tf.keep(tf.add(sum, g) as tf.Tensor2D);
        if (sum !== null) sum.dispose();
        sum = total;
        return normaliseStep(total, ball);
      },
      radius: (b) => {
        // A new attack call: the buffer belongs to the previous one's graph and is dropped.
        if (sum !== null) sum.dispose();
        sum = null;
        return b.eps;
      },
    });
  },
};

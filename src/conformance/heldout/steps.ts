import type { Mutant } from '../mutants/types.js';
import { blockNorms, blockOf, portTrainer, unitSteps } from './_internals/port.js';

/** Held-out: "projection" rescales every block onto the sphere (`eps * delta / ‖delta‖`). */
export const sphereProjection: Mutant = {
  id: 'ho-sphere-projection',
  bug: 'the projection rescales every block onto the sphere (eps·δ/‖δ‖; linf: eps·sign(δ)) instead of only those outside',
  make: () =>
    portTrainer('ho-sphere-projection', {
      project: (delta, budget, shape) => {
        if (budget.norm === 'linf') {
          for (let i = 0; i < delta.length; i++) delta[i] = budget.eps * Math.sign(delta[i]);
          return;
        }
        const size = blockOf(budget.norm, shape);
        const norms = blockNorms(delta, size);
        for (let b = 0; b < norms.length; b++) {
          if (norms[b] === 0) continue;
          for (let i = b * size; i < (b + 1) * size; i++) delta[i] *= budget.eps / norms[b];
        }
      },
    }),
};

/** Held-out: the iterate is projected once, after the last step (overshooting steps drift outside meanwhile). */
export const lateProjection: Mutant = {
  id: 'ho-late-projection',
  bug: 'the projection is applied once after the loop instead of after every step',
  make: () => portTrainer('ho-late-projection', { projectEveryStep: false }),
};

/** Held-out: linf sign(0) = +1 (`torch.where(g >= 0, 1, -1)`). */
export const signZeroPlus: Mutant = {
  id: 'ho-sign-zero-plus',
  bug: 'linf uses where(g >= 0, 1, −1), so a zero gradient steps by +stepSize (sign(0) = +1)',
  make: () =>
    portTrainer('ho-sign-zero-plus', {
      direction: (g, budget, shape) => (budget.norm === 'linf' ? g.map((v) => (v >= 0 ? 1 : -1)) : unitSteps(g, budget, shape)),
    }),
};

/** Held-out: blocks whose gradient is below 1e-3 of the largest block's get no step (a "stability" guard). */
export const skipSmallBlocks: Mutant = {
  id: 'ho-skip-small-blocks',
  bug: "blocks with ‖g‖ < 1e-3 × the largest block's norm get no step (a stability guard that also drops small, valid gradients)",
  make: () =>
    portTrainer('ho-skip-small-blocks', {
      direction: (g, budget, shape) => {
        const size = blockOf(budget.norm, shape);
        const norms = blockNorms(g, size);
        const largest = norms.reduce((a, b) => Math.max(a, b), 0);
        const out = unitSteps(g, budget, shape);
        for (let b = 0; b < norms.length; b++) if (norms[b] < 1e-3 * largest) out.fill(0, b * size, (b + 1) * size);
        return out;
      },
    }),
};

/** Held-out: torchattacks-style `g / (‖g‖ + 1e-10)`: a small gradient gets less than the full step. */
export const denominatorEpsilon: Mutant = {
  id: 'ho-denominator-epsilon',
  bug: 'ℓ2 steps are g/(‖g‖ + 1e-10) (a port of torchattacks PGDL2): a block with a tiny but valid gradient gets less than the full step',
  make: () => portTrainer('ho-denominator-epsilon', { direction: (g, budget, shape) => unitSteps(g, budget, shape, (x) => x + 1e-10) }),
};

/** Held-out: X + δ is clipped to the image range [0, 1] after every step, as image attacks do. */
export const clipDataRange: Mutant = {
  id: 'ho-clip-data-range',
  bug: 'after every step δ ← clip(X + δ, 0, 1) − X (the image range of torchattacks/ART), although the data are not images',
  make: () =>
    portTrainer('ho-clip-data-range', {
      afterStep: (delta, X) => {
        for (let i = 0; i < delta.length; i++) delta[i] = Math.min(1, Math.max(0, X[i] + delta[i])) - X[i];
      },
    }),
};

/** Held-out: the per-sample best iterate (highest loss) is returned instead of the last. */
export const bestIterate: Mutant = {
  id: 'ho-best-iterate',
  bug: 'the attack returns, per sample, the iterate with the highest loss (an evaluation-style PGD) instead of the last iterate',
  make: () => portTrainer('ho-best-iterate', { keep: 'best' }),
};

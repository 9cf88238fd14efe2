import type { Mutant } from '../mutants/types.js';
import { ballStart, portTrainer, seeded } from './_internals/port.js';

/** Held-out: the random start lies on the sphere (`delta = eps * normalize(randn)`), not in the ball. */
export const startOnSphere: Mutant = {
  id: 'ho-start-on-sphere',
  bug: 'the random start is on the sphere (eps·normalize(randn); linf: a random corner), not uniform in the ball',
  make: () =>
    portTrainer('ho-start-on-sphere', {
      start: (budget, shape, seed) => {
        const rand = seeded(seed);
        if (budget.norm === 'linf')
          return Float64Array.from({ length: shape.n * shape.P * shape.d }, () => (rand() < 0.5 ? -budget.eps : budget.eps));
        return ballStart(budget, shape, rand, () => 1);
      },
    }),
};

/** Held-out: radius eps·U instead of eps·U^(1/D): a start crowded towards the centre. */
export const startRadiusLinear: Mutant = {
  id: 'ho-start-radius-linear',
  bug: 'the random start has radius eps·U instead of eps·U^(1/D) (crowded towards the centre); linf is unaffected',
  make: () => portTrainer('ho-start-radius-linear', { start: (budget, shape, seed) => ballStart(budget, shape, seeded(seed), (u) => u) }),
};

/** Held-out: one start drawn for the first sample and broadcast to the whole batch. */
export const startShared: Mutant = {
  id: 'ho-start-shared',
  bug: 'one random start is drawn per batch and broadcast to every sample (randn of shape [1, …])',
  make: () =>
    portTrainer('ho-start-shared', {
      start: (budget, shape, seed) => {
        const one = ballStart(budget, { ...shape, n: 1 }, seeded(seed));
        const out = new Float64Array(shape.n * one.length);
        for (let i = 0; i < shape.n; i++) out.set(one, i * one.length);
        return out;
      },
    }),
};

/** Held-out: the generator is seeded once with a constant, so every call draws the same start. */
export const seedIgnored: Mutant = {
  id: 'ho-seed-ignored',
  bug: 'the seed is ignored: the start generator is seeded with a constant (np.random.seed(0) at import), so every seed gives the same start',
  make: () => portTrainer('ho-seed-ignored', { start: (budget, shape) => ballStart(budget, shape, seeded(0)) }),
};

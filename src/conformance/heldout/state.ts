import type { Mutant } from '../mutants/types.js';
import { portTrainer } from './_internals/port.js';

/** Held-out: the attack differentiates the weights of its previous call (a model copy synced after the attack). */
export const staleWeights: Mutant = {
  id: 'ho-stale-weights',
  bug: "the attack uses the previous call's weights (its model copy is synced at the end of each attack, not before)",
  make: () =>
    portTrainer('ho-stale-weights', {
      attackWeights: (W, state) => {
        const used = state.previousAttackW !== null && state.previousAttackW.length === W.length ? state.previousAttackW : W;
        state.previousAttackW = W.slice();
        return used;
      },
    }),
};

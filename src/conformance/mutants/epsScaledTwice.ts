import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * ε is scaled by √d twice: the budget already is `sigmaN·√d` (the norm of a noise patch), and the
 * attack converts it "to the patch scale" again.
 */
export const epsScaledTwice: Mutant = {
  id: 'eps-scaled-twice',
  bug: 'ε is scaled by √d twice (the attack uses eps·√d for a budget already on the patch scale)',
  make: () => variantTrainer('eps-scaled-twice', { radius: (budget, shape) => budget.eps * Math.sqrt(shape.d) }),
};

import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/** The radius a forgotten default argument leaves in place of `budget.eps`. */
export const DEFAULT_ARGUMENT_EPS = 0.1;

/** ε is ignored: the attack keeps its own default radius (`def pgd(…, eps=0.1)`, never passed). */
export const epsIgnored: Mutant = {
  id: 'eps-ignored',
  bug: `ε is ignored: the attack uses its default radius ${DEFAULT_ARGUMENT_EPS} whatever budget.eps says`,
  make: () => variantTrainer('eps-ignored', { radius: () => DEFAULT_ARGUMENT_EPS }),
};

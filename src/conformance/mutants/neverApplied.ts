import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * The perturbation step is computed but never applied: its result is dropped (`delta.add(step)`
 * instead of `delta = delta.add(step)`), so δ stays at its start.
 */
export const neverApplied: Mutant = {
  id: 'never-applied',
  bug: 'the ascent step is computed but never applied to δ (δ stays at its start)',
  make: () => variantTrainer('never-applied', { ascend: (delta) => delta.clone() }),
};

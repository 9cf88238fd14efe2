import { stream } from '../../random/rng.js';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/**
 * The labels are shuffled for the adversarial batch: the attack takes its labels from a reshuffled
 * copy (a second pass over a shuffling data loader), so δ_i ascends the loss of another sample's class.
 */
export const shuffledLabels: Mutant = {
  id: 'shuffled-labels',
  bug: "the adversarial batch pairs inputs with shuffled labels (δ_i ascends another sample's label)",
  make: () =>
    variantTrainer('shuffled-labels', {
      labels: (y, seed) => {
        const perm = stream(seed, 'batches').partialPermutation(y.length, y.length);
        return Int32Array.from(perm, (i) => y[i]);
      },
    }),
};

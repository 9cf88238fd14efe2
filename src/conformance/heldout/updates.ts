import type { Mutant } from '../mutants/types.js';
import { portTrainer } from './_internals/port.js';

/** Held-out: the optimiser keeps a weight decay of 5e-5 (copied from an SGD(..., weight_decay=5e-5) setup). */
export const weightDecay: Mutant = {
  id: 'ho-weight-decay',
  bug: 'the update applies weight decay 5e-5 (W − eta·(g + 5e-5·W)), left over from the ported optimiser',
  make: () => portTrainer('ho-weight-decay', { descend: (W, g, eta) => Float32Array.from(W, (w, i) => w - eta * (g[i] + 5e-5 * w)) }),
};

/** Held-out: the loss is summed over the batch (reduction="sum"), so the step is n times too large. */
export const sumReduction: Mutant = {
  id: 'ho-sum-reduction',
  bug: 'the update uses the summed loss (reduction="sum") instead of the mean: the step is n times too large',
  make: () => portTrainer('ho-sum-reduction', { descend: (W, g, eta, shape) => Float32Array.from(W, (w, i) => w - eta * shape.n * g[i]) }),
};

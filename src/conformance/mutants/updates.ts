import { reference64 } from '../../model/reference64.js';
import { referenceUpdate } from '../referenceTrainer.js';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/** Cross-entropy with label smoothing 0.1 (a ported `CrossEntropyLoss(label_smoothing=0.1)`). */
export const labelSmoothing: Mutant = {
  id: 'update-label-smoothing',
  bug: 'the update minimises cross-entropy with label smoothing 0.1 (carried over from the ported loss), not plain cross-entropy',
  make: () =>
    variantTrainer('update-label-smoothing', {
      update: ({ W, X, y, delta, eta, shape }) => {
        // Smoothed CE = 0.9·CE(y) + 0.1·mean_j CE(j): the gradient is the same mix of per-label gradients.
        const at = delta === null ? X : Float32Array.from(X, (x, i) => x + delta[i]);
        const g = new Float64Array(W.length);
        for (let j = -1; j < shape.k; j++) {
          const labels = j < 0 ? y : new Int32Array(y.length).fill(j);
          const weight = j < 0 ? 0.9 : 0.1 / shape.k;
          const gw = reference64({ X: at, y: labels, W, ...shape }).gradW;
          for (let i = 0; i < g.length; i++) g[i] += weight * gw[i];
        }
        return Float32Array.from(W, (w, i) => w - eta * g[i]);
      },
    }),
};

/** The loss is averaged over samples and patches (a mean over n·P rows), so the step is P times too small. */
export const meanOverPatches: Mutant = {
  id: 'update-mean-over-patches',
  bug: 'the loss is averaged over the n·P patch rows instead of the n samples, so the step is P times too small',
  make: () =>
    variantTrainer('update-mean-over-patches', {
      update: (input) => {
        const plain = referenceUpdate(input);
        return Float32Array.from(input.W, (w, i) => w - (w - plain[i]) / input.shape.P);
      },
    }),
};

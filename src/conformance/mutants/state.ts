import { referenceUpdate } from '../referenceTrainer.js';
import { variantTrainer } from './_internals/variantTrainer.js';
import type { Mutant } from './types.js';

/** The attack's model copy is made on the first call of a shape and never refreshed (`attacker = PGD(copy.deepcopy(model))` once). */
export const attackModelFrozen: Mutant = {
  id: 'attack-model-frozen',
  bug: "the attack's model copy is made on the first call and never refreshed, so later calls attack the first call's weights",
  make: () => {
    let first: Float32Array | null = null;
    return variantTrainer('attack-model-frozen', {
      attackWeights: (W) => {
        if (first === null || first.length !== W.length) first = W.slice();
        return first;
      },
    });
  },
};

/** SGD with momentum 0.9 in the update: the velocity is carried from call to call. */
export const updateMomentum: Mutant = {
  id: 'update-momentum',
  bug: 'the update is SGD with momentum 0.9 (the ported optimiser), so each step carries the previous calls’ gradients',
  make: () => {
    let velocity: Float32Array | null = null;
    return variantTrainer('update-momentum', {
      update: (input) => {
        const plain = referenceUpdate(input);
        const g = Float32Array.from(plain, (w, i) => (input.W[i] - w) / input.eta);
        velocity = velocity === null || velocity.length !== g.length ? g : Float32Array.from(g, (v, i) => 0.9 * velocity![i] + v);
        return Float32Array.from(input.W, (w, i) => w - input.eta * velocity![i]);
      },
    });
  },
};

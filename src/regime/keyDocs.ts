/**
 * What each scenario key means, whether the paper fixes it or it is a modelling choice, and which
 * assumption checks read it. Typed against {@link Regime}, so a new key without a description is a
 * compile error. docs/scenario-keys.md is generated from this, {@link KEY_SPECS} and the defaults.
 */
import type { Regime } from './types.js';

/** The documentation of one regime key. */
export interface KeyDoc {
  /** One sentence: what the key is. */
  meaning: string;
  /** `paper`: the paper fixes the concept; `choice`: a modelling choice of this implementation. */
  source: 'paper' | 'choice';
  /** Assumptions (A0–A8) and run preconditions (R1–R4) whose test reads this key. */
  assumptions: readonly string[];
}

/** Documentation of every regime key, in scenario-key order. */
export const KEY_DOCS: Readonly<Record<keyof Regime, KeyDoc>> = Object.freeze({
  k: { meaning: 'Number of classes; labels are 0 … k−1, drawn uniformly.', source: 'paper', assumptions: ['A6'] },
  d: { meaning: 'Dimension of one patch (needs 2k ≤ d for orthonormal features).', source: 'paper', assumptions: ['A4', 'A6'] },
  P: { meaning: 'Patches per input.', source: 'paper', assumptions: ['I1'] },
  sR: { meaning: 'Robust patches per input (|J_R|), each carrying α·u_y.', source: 'choice', assumptions: ['A0', 'A1'] },
  sNR: {
    meaning: 'Non-robust patches per input (|J_NR|), each carrying β·v_y; sR + sNR ≤ P.',
    source: 'choice',
    assumptions: ['A0', 'A1'],
  },
  alphaMin: {
    meaning: 'Lower end of the robust coefficient range: α ~ U[alphaMin, alphaMax].',
    source: 'choice',
    assumptions: ['A1', 'A3', 'A5'],
  },
  alphaMax: { meaning: 'Upper end of the robust coefficient range.', source: 'choice', assumptions: ['A1'] },
  betaMin: {
    meaning: 'Lower end of the non-robust coefficient range: β ~ U[betaMin, betaMax].',
    source: 'choice',
    assumptions: ['A1', 'A5'],
  },
  betaMax: { meaning: 'Upper end of the non-robust coefficient range.', source: 'choice', assumptions: ['A1', 'A2'] },
  sigmaN: { meaning: 'Standard deviation of the Gaussian noise, per coordinate of every patch.', source: 'choice', assumptions: ['A4'] },
  noise: {
    meaning: 'Noise covariance: "orthogonal" projects the features out of the noise, "isotropic" does not.',
    source: 'choice',
    assumptions: [],
  },
  featureBasis: {
    meaning: 'Feature vectors u_j, v_j: orthonormalised seeded Gaussian vectors ("random") or standard basis vectors ("standard").',
    source: 'choice',
    assumptions: [],
  },
  nTrain: { meaning: 'Training samples.', source: 'choice', assumptions: [] },
  nTest: { meaning: 'Test samples (200 gives accuracies to about ±0.07, 95 % Wilson interval).', source: 'choice', assumptions: [] },
  m: { meaning: 'Neurons (filters) per class; the paper asks for m = polylog(d).', source: 'paper', assumptions: ['A6'] },
  q: { meaning: 'Degree of the smoothed ReLU (q ≥ 2); also the exponent τ of A1.', source: 'paper', assumptions: ['A1', 'I1'] },
  rho: { meaning: 'Threshold of the smoothed ReLU: polynomial below rho, linear above.', source: 'paper', assumptions: ['I1'] },
  sigma0: { meaning: 'Standard deviation of the i.i.d. Gaussian initialisation of W.', source: 'choice', assumptions: ['A5', 'R3', 'R4'] },
  eta: {
    meaning: 'Learning rate of gradient descent, for standard and adversarial training alike.',
    source: 'choice',
    assumptions: ['A8'],
  },
  T: { meaning: 'Training steps, for standard and adversarial training alike.', source: 'choice', assumptions: [] },
  batchSize: { meaning: 'Mini-batch size; null trains full batch.', source: 'choice', assumptions: [] },
  logEvery: { meaning: 'Steps between two trace points (Λ, Γ, Ξ, loss, accuracies) along training.', source: 'choice', assumptions: [] },
  norm: {
    meaning:
      'Perturbation set: ‖δ_p‖₂ ≤ eps per patch ("patch-l2"), ‖δ‖₂ ≤ eps over the input ("l2"), or |δ| ≤ eps per coordinate ("linf").',
    source: 'choice',
    assumptions: ['A7'],
  },
  eps: {
    meaning: 'Perturbation radius; the paper takes it on the scale of one noise patch, Θ(sigmaN·√d).',
    source: 'paper',
    assumptions: ['A2', 'A3', 'A4', 'I1'],
  },
  K: { meaning: 'Ascent steps of the training attack (the paper analyses K = 1).', source: 'paper', assumptions: ['A7'] },
  stepSize: {
    meaning: 'Step size of the training attack (the paper: eps, the whole budget in one step).',
    source: 'paper',
    assumptions: ['A7'],
  },
  randomStart: {
    meaning: 'Whether the training attack starts at a uniform random point of the ball instead of δ = 0.',
    source: 'choice',
    assumptions: ['A7'],
  },
  evalSteps: { meaning: 'Steps of the PGD evaluation attack (always with a random start).', source: 'choice', assumptions: [] },
  evalStepSize: { meaning: 'Step size of the PGD evaluation attack.', source: 'choice', assumptions: [] },
});

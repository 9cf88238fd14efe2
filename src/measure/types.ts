import type { Proportion } from '../stats/wilson.js';

export type { Proportion };

/** Feature-learning and noise-memorisation measures of one weight tensor (docs/model.md#measurements). */
export interface FeatureMeasures {
  /** Λ = mean_j max_r ⟨w_{j,r}, u_j⟩. */
  lambda: number;
  /** Γ = mean_j max_r ⟨w_{j,r}, v_j⟩. */
  gamma: number;
  /** mean_j mean_r ⟨w_{j,r}, u_j⟩. */
  lambdaMean: number;
  /** mean_j mean_r ⟨w_{j,r}, v_j⟩. */
  gammaMean: number;
  /** Λ_j per class. */
  lambdaPerClass: number[];
  /** Γ_j per class. */
  gammaPerClass: number[];
  /** Ξ = max_{j,r,i,p} |⟨w_{j,r}, ξ_{i,p}⟩| over the training set. */
  xi: number;
}

/** One logged point of a training trace. */
export interface TraceRow extends FeatureMeasures {
  /** Steps completed when this row was measured (0 = initialisation). */
  step: number;
  /** Clean training loss. */
  loss: number;
  /** Loss on the points the update used (the adversarial points for AT; equals loss for ST). */
  trainLoss: number;
  trainAcc: number;
  testAcc: number;
}

/** Robust test accuracies; each counts a sample as correct only if the clean point is correct too. */
export interface RobustAccuracies {
  /** δ_p = −c·v_y on every patch. */
  featureUntargeted: Proportion;
  /** δ_p = c·(v_j − v_y)/√2, correct only if correct for every wrong class j. */
  featureTargeted: Proportion;
  /** Per-sample worst case of the feature-direction forms (docs/model.md#measurements "feature-direction robust acc"). */
  feature: Proportion;
  /** PGD with random start, best iterate. */
  pgd: Proportion;
  /** Per-sample worst case over feature-direction forms and PGD. */
  worst: Proportion;
}

/** Fractions of Σ‖δ_p‖² of the PGD perturbations in span{v}, span{u} and the rest. */
export interface EnergyShares {
  v: number;
  u: number;
  rest: number;
}

export interface DivergenceInfo {
  /** Step at which a non-finite loss or weight was observed. */
  step: number;
  reason: string;
}

/** Final measurements of one trained network (ST or AT). */
export interface FinalMeasurements extends FeatureMeasures {
  /** Steps actually completed. */
  steps: number;
  /** Clean training loss at the end. */
  loss: number;
  cleanTestLoss: number;
  /** Mean per-sample loss at the kept PGD iterate. */
  pgdTestLoss: number;
  trainAcc: Proportion;
  testAcc: Proportion;
  robust: RobustAccuracies;
  energy: EnergyShares;
  diverged: DivergenceInfo | null;
}

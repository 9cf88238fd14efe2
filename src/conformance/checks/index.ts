import { budgetCheck } from './budget.js';
import { freshWeightsCheck } from './freshWeights.js';
import { lastIterateCheck } from './lastIterate.js';
import { smallGradientCheck } from './smallGradient.js';
import { startDistributionCheck } from './startDistribution.js';
import { zeroGradientCheck } from './zeroGradient.js';
import type { TrainerCheck } from './context.js';
import { inputsUntouchedCheck } from './inputsUntouched.js';
import { labelsCheck } from './labels.js';
import { lossNotLoweredCheck } from './lossNotLowered.js';
import { randomStartCheck } from './randomStart.js';
import { robustLeCleanCheck } from './robustLeClean.js';
import { seededCheck } from './seeded.js';
import { stepRuleCheck } from './stepRule.js';
import { strengthCheck } from './strength.js';
import { updateCheck } from './update.js';
import { zeroBudgetCheck } from './zeroBudget.js';

/**
 * The cheap checks, in report order: invariants of the attack, then comparisons with our reference.
 * Adding a check = one file exporting a {@link TrainerCheck} plus one line here.
 */
export const CHEAP_CHECKS: readonly TrainerCheck[] = Object.freeze([
  budgetCheck,
  randomStartCheck,
  startDistributionCheck,
  zeroBudgetCheck,
  zeroGradientCheck,
  lossNotLoweredCheck,
  robustLeCleanCheck,
  seededCheck,
  labelsCheck,
  inputsUntouchedCheck,
  stepRuleCheck,
  smallGradientCheck,
  lastIterateCheck,
  freshWeightsCheck,
  strengthCheck,
  updateCheck,
]);

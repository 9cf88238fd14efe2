import { cleanGradient } from './cleanGradient.js';
import { cleanLossUpdate } from './cleanLossUpdate.js';
import { epsIgnored } from './epsIgnored.js';
import { epsScaledTwice } from './epsScaledTwice.js';
import { gradientLeak } from './gradientLeak.js';
import { neverApplied } from './neverApplied.js';
import { noProjection } from './noProjection.js';
import { randomStartOutside } from './randomStartOutside.js';
import { shuffledLabels } from './shuffledLabels.js';
import { startCubeInBall, startOneSided, startPersistent, startSharedAcrossPatches } from './starts.js';
import { attackModelFrozen, updateMomentum } from './state.js';
import {
  batchNormalised,
  earlyStop,
  gradientAccumulates,
  linfByMax,
  nanGuardConstant,
  normaliseClamp,
  projectBeforeStep,
  signFlush,
  stepSizeCapped,
} from './steps.js';
import type { Mutant } from './types.js';
import { labelSmoothing, meanOverPatches } from './updates.js';
import { wrongNormProjection } from './wrongNormProjection.js';
import { wrongSign } from './wrongSign.js';

export type { Mutant } from './types.js';

/** The mutation suite: one realistic bug per trainer (docs/conformance.md has the table). */
export const MUTANTS: readonly Mutant[] = Object.freeze([
  wrongSign,
  noProjection,
  wrongNormProjection,
  neverApplied,
  cleanGradient,
  epsIgnored,
  epsScaledTwice,
  cleanLossUpdate,
  randomStartOutside,
  gradientLeak,
  shuffledLabels,
  // Written with the checks of random starts, every iterate, zeros, small gradients, state and iterate semantics:
  startOneSided,
  startCubeInBall,
  startSharedAcrossPatches,
  startPersistent,
  linfByMax,
  batchNormalised,
  projectBeforeStep,
  stepSizeCapped,
  normaliseClamp,
  nanGuardConstant,
  signFlush,
  earlyStop,
  gradientAccumulates,
  attackModelFrozen,
  updateMomentum,
  labelSmoothing,
  meanOverPatches,
]);

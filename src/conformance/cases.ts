import { makeDataset } from '../data/dataset.js';
import { makeFeatures } from '../data/features.js';
import { createStreams, type Rng } from '../random/rng.js';
import { regimeFromPartial } from '../regime/load.js';
import type { PerturbationNorm } from '../regime/types.js';
import type { AttackBudget, NetworkShape } from './types.js';

/**
 * The cheap problems the invariant and comparison checks run on: small networks on patch data of
 * docs/model.md#data, with attack budgets that cover every norm and the settings that the paper's defaults
 * hide (K > 1, stepSize < eps and > eps, random starts). Several implementation bugs compute the
 * right thing with K = 1, a zero start and stepSize = eps, so every check sees all of these.
 */
export interface AttackCase {
  /** "linf/multi-step#3": norm, schedule and index, for details. */
  id: string;
  shape: NetworkShape;
  /** Weights `[k, m, d]`, at a scale where some neurons are active and some are not. */
  W: Float32Array;
  /** Inputs `[n, P, d]` of the patch data model. */
  X: Float32Array;
  y: Int32Array;
  budget: AttackBudget;
  /** Seed of the attack's random start. */
  seed: number;
  /** Learning rate for the update checks. */
  eta: number;
}

/** An ascent schedule, relative to the radius. */
export interface Schedule {
  name: string;
  steps: number;
  /** stepSize / eps. */
  stepFactor: number;
  randomStart: boolean;
}

/**
 * The schedules every norm is checked with: the paper's one step, several steps smaller than the
 * radius, many small steps from a random start, and overshooting steps from a random start.
 */
export const SCHEDULES: readonly Schedule[] = Object.freeze([
  { name: 'one-step', steps: 1, stepFactor: 1, randomStart: false },
  { name: 'multi-step', steps: 3, stepFactor: 0.5, randomStart: false },
  { name: 'small-steps-random-start', steps: 4, stepFactor: 0.25, randomStart: true },
  { name: 'overshoot-random-start', steps: 3, stepFactor: 1.5, randomStart: true },
]);

export const NORMS: readonly PerturbationNorm[] = Object.freeze(['patch-l2', 'l2', 'linf']);

/** Options of {@link generateCases}. */
export interface CaseOptions {
  /** Seeds every draw. @defaultValue 0 */
  seed?: number;
  /** Cases per (norm, schedule) pair. @defaultValue 1 */
  repeats?: number;
}

const between = (rng: Rng, lo: number, hi: number) => rng.uniformIn(lo, hi);
const intBetween = (rng: Rng, lo: number, hi: number) => lo + rng.int(hi - lo + 1);

/** One network and batch of the data model, at generated sizes. */
function drawProblem(rng: Rng, seed: number): Omit<AttackCase, 'id' | 'budget' | 'seed'> & { epsScale: number } {
  const k = intBetween(rng, 2, 3);
  const d = intBetween(rng, Math.max(8, 2 * k), 20);
  const P = intBetween(rng, 2, 6);
  const n = intBetween(rng, 3, 8);
  const m = intBetween(rng, 2, 4);
  const q = rng.int(2) === 0 ? 2 : 3;
  const rho = between(rng, 0.05, 0.3);
  const regime = regimeFromPartial({
    k,
    d,
    P,
    sR: 1,
    sNR: intBetween(rng, 1, P - 1),
    alphaMin: 1,
    alphaMax: 1.2,
    betaMin: 0.4,
    betaMax: 0.5,
    sigmaN: between(rng, 0.05, 0.15),
    noise: rng.int(2) === 0 ? 'orthogonal' : 'isotropic',
    nTrain: n,
    nTest: 1,
    m,
    q,
    rho,
  });
  const streams = createStreams(seed);
  const features = makeFeatures(k, d, regime.featureBasis, streams.features);
  const data = makeDataset(regime, features, n, streams.trainData);
  // ⟨w, x_p⟩ has standard deviation ≈ wScale·‖x_p‖ ≈ wScale: straddles rho, so the smoothed ReLU's
  // flat, polynomial and linear parts all occur and the loss is far from linear in δ.
  const W = streams.init.fillNormal(new Float32Array(k * m * d), between(rng, 0.15, 0.6)) as Float32Array;
  return { shape: { n, P, d, k, m, q, rho }, W, X: data.X, y: data.y, eta: between(rng, 0.05, 0.2), epsScale: between(rng, 0.15, 0.6) };
}

/**
 * The radius of a generated case in the norm's own units: the ℓ2 radii are on the scale of a patch;
 * the ℓ∞ radius is divided by √d so that the ℓ∞ ball is about as large as a patch-ℓ2 one.
 */
function radius(norm: PerturbationNorm, scale: number, d: number): number {
  return norm === 'linf' ? scale / Math.sqrt(d) : scale;
}

/**
 * Attack cases for every norm × schedule, `repeats` of each, each on its own generated network and
 * batch. Deterministic in `seed`.
 */
export function generateCases(options: CaseOptions = {}): AttackCase[] {
  const seed = options.seed ?? 0;
  const repeats = options.repeats ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`generateCases: options.seed = ${seed} must be a safe integer`);
  if (!(Number.isInteger(repeats) && repeats >= 1))
    throw new RangeError(`generateCases: options.repeats = ${repeats} must be an integer ≥ 1`);
  const rng = createStreams(seed).init;
  const cases: AttackCase[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const norm of NORMS) {
      for (const schedule of SCHEDULES) {
        const problemSeed = rng.int(2 ** 31);
        const { epsScale, ...problem } = drawProblem(rng, problemSeed);
        const eps = radius(norm, epsScale, problem.shape.d);
        cases.push({
          ...problem,
          id: `${norm}/${schedule.name}#${r}`,
          budget: { norm, eps, steps: schedule.steps, stepSize: schedule.stepFactor * eps, randomStart: schedule.randomStart },
          seed: rng.int(2 ** 31),
        });
      }
    }
  }
  return cases;
}

import * as tf from '@tensorflow/tfjs';
import { isZeroRadius, normaliseStep, project, randomStart, type Ball } from '../../../attack/ball.js';
import { forwardBackward, inputGradient, type NetConstants } from '../../../model/network.js';
import { stream, type Rng } from '../../../random/rng.js';
import { readFloat32, withBatch } from '../../_internals/tensors.js';
import { referenceUpdate } from '../../referenceTrainer.js';
import type { AttackBudget, AttackInput, NetworkShape, Trainer, UpdateInput } from '../../types.js';

/**
 * The pieces of the attack of docs/model.md#training where real implementations go wrong, each with its correct
 * default. A mutant overrides exactly one of them, so that its file shows its bug and nothing else.
 * The loop below is `pgdAttack`'s with these seams opened; it is built from the same exported
 * pieces (normaliseStep, project, randomStart, forwardBackward, inputGradient).
 */
export interface AttackSeams {
  /** The radius the attack uses. Correct: `budget.eps`. */
  radius(budget: AttackBudget, shape: NetworkShape): number;
  /** The labels the attack ascends on. Correct: `y`. */
  labels(y: Int32Array, seed: number): Int32Array;
  /** The start δ₀ `[n·P, d]`. Correct: uniform in the ball with a random start, else 0. */
  start(rows: number, d: number, ball: Ball, random: boolean, rng: Rng): tf.Tensor2D;
  /** The input the gradient is taken at. Correct: X + δ. */
  gradientInput(X2: tf.Tensor2D, delta: tf.Tensor2D): tf.Tensor2D;
  /** The iterate after one ascent step. Correct: δ + stepSize · step. */
  ascend(delta: tf.Tensor2D, step: tf.Tensor2D, stepSize: number): tf.Tensor2D;
  /** The projection onto the ball. Correct: Euclidean projection (`project`). */
  project(delta: tf.Tensor2D, ball: Ball): tf.Tensor2D;
  /** The unit step from the input gradient. Correct: `normaliseStep` (per block ℓ2, exact sign for linf). */
  normalise(g: tf.Tensor2D, ball: Ball): tf.Tensor2D;
  /** The weights the attack differentiates. Correct: this call's W. */
  attackWeights(W: Float32Array): Float32Array;
  /** The iterate carried to the next step, from the previous one and the new one. Correct: the new one. */
  carry(previous: tf.Tensor2D, next: tf.Tensor2D, at: CarryContext): tf.Tensor2D;
}

/** What {@link AttackSeams.carry} may look at: the batch, the weights and the network. */
export interface CarryContext {
  X2: tf.Tensor2D;
  W: tf.Tensor2D;
  Y: tf.Tensor2D;
  y: tf.Tensor1D;
  net: NetConstants;
  n: number;
}

export const CORRECT_SEAMS: Readonly<AttackSeams> = Object.freeze({
  radius: (budget: AttackBudget) => budget.eps,
  labels: (y: Int32Array) => y,
  start: (rows: number, d: number, ball: Ball, random: boolean, rng: Rng) =>
    random ? randomStart(rows, d, ball, rng) : (tf.zeros([rows, d]) as tf.Tensor2D),
  gradientInput: (X2: tf.Tensor2D, delta: tf.Tensor2D) => tf.add(X2, delta) as tf.Tensor2D,
  ascend: (delta: tf.Tensor2D, step: tf.Tensor2D, stepSize: number) => tf.add(delta, tf.mul(step, stepSize)) as tf.Tensor2D,
  project,
  normalise: normaliseStep,
  attackWeights: (W: Float32Array) => W,
  carry: (_previous: tf.Tensor2D, next: tf.Tensor2D) => next,
});

/** Hooks of the whole trainer: the attack's seams, and what happens around the update. */
export interface TrainerSeams extends AttackSeams {
  /** Sees every ascent step's input and pre-activation gradient (a trainer's hidden state). */
  onAscentGradient(Xd: tf.Tensor2D, D: tf.Tensor2D, W: tf.Tensor2D, n: number): void;
  /** The update. Correct: our reference update at X + δ. */
  update(input: UpdateInput): Float32Array;
}

/**
 * A trainer that is our reference except where `seams` says otherwise. `name` is the mutant's id.
 */
export function variantTrainer(name: string, seams: Partial<TrainerSeams>): Trainer {
  const s: AttackSeams = { ...CORRECT_SEAMS, ...seams };
  const onAscentGradient = seams.onAscentGradient;
  return {
    name,
    attack(input: AttackInput): Float32Array {
      const { shape, budget } = input;
      const eps = s.radius(budget, shape);
      const y = s.labels(input.y, input.seed);
      return withBatch(shape, s.attackWeights(input.W), input.X, y, (t) => {
        const ball = { norm: budget.norm, eps, P: shape.P };
        const rows = shape.n * shape.P;
        let delta = isZeroRadius(eps)
          ? (tf.zeros([rows, shape.d]) as tf.Tensor2D)
          : s.start(rows, shape.d, ball, budget.randomStart, stream(input.seed, 'attackAT'));
        for (let k = 0; k < budget.steps && !isZeroRadius(eps); k++) {
          const next = tf.tidy(() => {
            const Xd = s.gradientInput(t.X2, delta);
            const { D } = forwardBackward(Xd, t.W, t.Y, t.net);
            onAscentGradient?.(Xd, D, t.W, shape.n);
            const next = s.project(s.ascend(delta, s.normalise(inputGradient(D, t.W), ball), budget.stepSize), ball);
            return s.carry(delta, next, { X2: t.X2, W: t.W, Y: t.Y, y: t.y, net: t.net, n: shape.n });
          });
          delta.dispose();
          delta = next;
        }
        return readFloat32(delta);
      });
    },
    update: seams.update ?? referenceUpdate,
  };
}

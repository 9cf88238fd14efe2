import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import { tidyObject } from '../util/tidy.js';
import type { Regime } from '../regime/types.js';
import {
  forwardBackward,
  forwardBackwardFromZ,
  isNative,
  matMulTA,
  matMulTB,
  preActivations,
  weightGradient,
  weightGradientFreshInput,
  type NetConstants,
} from '../model/network.js';
import { pgdAttack, pgdAttackRowSpace, rowSpaceAttackApplies, type AttackSpec } from '../attack/pgd.js';
import type { RunTensors } from '../model/tensors.js';
import { featureMeasures } from '../measure/featureMeasures.js';
import { cleanMetrics } from '../measure/evaluate.js';
import type { DivergenceInfo, TraceRow } from '../measure/types.js';

export type TrainingKind = 'st' | 'at';

/** A progress event, emitted at every logged step. */
export interface TrainProgress {
  kind: TrainingKind;
  step: number;
  T: number;
  row: TraceRow;
}

export interface TrainOptions {
  kind: TrainingKind;
  /** Random starts of the training attack. */
  attackRng: Rng;
  /** Mini-batch order (unused with full batch). */
  batchRng: Rng;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
}

export interface TrainOutcome {
  /** Final weights `[k·m, d]` (the last finite ones if training diverged). Caller owns it. */
  W: tf.Tensor2D;
  trace: TraceRow[];
  /** Steps completed. */
  steps: number;
  diverged: DivergenceInfo | null;
  interrupted: boolean;
}

/** The training attack of a regime (docs/model.md#training). */
export function trainingAttack(regime: Regime): AttackSpec {
  return { norm: regime.norm, eps: regime.eps, P: regime.P, steps: regime.K, stepSize: regime.stepSize, randomStart: regime.randomStart };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What one training step returns; the caller owns both tensors. */
export interface StepResult {
  /** Updated weights `[k·m, d]`. */
  Wn: tf.Tensor2D;
  /**
   * `[mean loss at the step's inputs, Σ Wn]`: one read per step. The step diverged when either is
   * non-finite (a NaN or infinite weight makes the sum so; so does a sum that overflows).
   */
  check: tf.Tensor1D;
}

/**
 * One standard-training step (docs/model.md#training): W ← W − eta·∇_W L(W; X, y). Two `[n·P, d]`-sized matrix
 * products (forward and ∂L/∂W), i.e. 2F with F = 2·n·P·d·k·m. `persistentX` says that X is the same
 * tensor every step: WASM then reuses its packed form as the right operand of Dᵀ·X.
 */
export function standardStep(
  X2: tf.Tensor2D,
  Y: tf.Tensor2D,
  W: tf.Tensor2D,
  c: NetConstants,
  eta: number,
  persistentX: boolean,
): StepResult {
  return tidyObject(() => {
    const n = Y.shape[0];
    const { loss, D } = forwardBackward(X2, W, Y, c);
    const gW = persistentX ? weightGradient(X2, D, n) : weightGradientFreshInput(X2, D, n);
    return finishStep(W, gW, loss, eta);
  });
}

/**
 * One adversarial-training step (docs/model.md#training): δ from the training attack at the current W, then
 * W ← W − eta·∇_W L(W; X + δ, y).
 *
 * For the ℓ2 balls from δ = 0 (the paper's setting, and the default) the attack runs in the row
 * space of W ({@link pgdAttackRowSpace}): δ = C·W is never formed, and
 *   Z(X + δ) = X·Wᵀ + C·(W·Wᵀ),   ∂L/∂W = (Dᵀ·X + (Dᵀ·C)·W) / n,
 * so the step costs the same two `[n·P, d]`-sized products as a standard step (2F) plus
 * `[n·P, k·m] × [k·m, k·m]` products, whatever K. Otherwise (linf, random start) it runs the direct
 * attack {@link pgdAttack} on δ: (2K + 2)·F.
 */
export function adversarialStep(
  X2: tf.Tensor2D,
  Y: tf.Tensor2D,
  W: tf.Tensor2D,
  c: NetConstants,
  eta: number,
  attack: AttackSpec,
  attackRng: Rng | null,
  persistentX: boolean,
): StepResult {
  return tidyObject(() => {
    const n = Y.shape[0];
    if (rowSpaceAttackApplies(attack)) {
      const Z0 = preActivations(X2, W);
      const M = matMulTB(W, W);
      const { C, CM } = pgdAttackRowSpace(Z0, M, Y, c, attack);
      const { loss, D } = forwardBackwardFromZ(tf.add(Z0, CM) as tf.Tensor2D, Y, c);
      // Dᵀ·X and (Dᵀ·C)·W: on native with transpose flags; on WASM with one explicit Dᵀ, and the
      // fresh-input form X2ᵀ·D (transposed back) when X2 changes every step (see weightGradient).
      let gX: tf.Tensor2D;
      let DtC: tf.Tensor2D;
      if (isNative()) {
        gX = matMulTA(D, X2);
        DtC = matMulTA(D, C);
      } else {
        const Dt = tf.transpose(D);
        gX = persistentX ? tf.matMul(Dt, X2) : (tf.transpose(tf.matMul(tf.transpose(X2), D)) as tf.Tensor2D);
        DtC = tf.matMul(Dt, C);
      }
      const gW = tf.div(tf.add(gX, tf.matMul(DtC, W)), n) as tf.Tensor2D;
      return finishStep(W, gW, loss, eta);
    }
    return adversarialStepDirect(X2, Y, W, c, eta, attack, attackRng);
  });
}

/** {@link adversarialStep} on the materialised perturbation, for any attack: (2K + 2)·F. */
export function adversarialStepDirect(
  X2: tf.Tensor2D,
  Y: tf.Tensor2D,
  W: tf.Tensor2D,
  c: NetConstants,
  eta: number,
  attack: AttackSpec,
  attackRng: Rng | null,
): StepResult {
  return tidyObject(() => {
    const n = Y.shape[0];
    const delta = pgdAttack(X2, W, Y, c, attack, attackRng);
    const Xused = tf.add(X2, delta) as tf.Tensor2D;
    const { loss, D } = forwardBackward(Xused, W, Y, c);
    return finishStep(W, weightGradientFreshInput(Xused, D, n), loss, eta);
  });
}

function finishStep(W: tf.Tensor2D, gW: tf.Tensor2D, loss: tf.Tensor1D, eta: number): StepResult {
  const Wn = tf.sub(W, tf.mul(gW, eta)) as tf.Tensor2D;
  return { Wn, check: tf.stack([tf.mean(loss), tf.sum(Wn)]) as tf.Tensor1D };
}

/**
 * Standard (ST) or adversarial (AT) training by gradient descent (docs/model.md#training), from `W0`.
 * Per step: for AT, δ from the training attack at the current W; then W ← W − eta·∇_W L at X + δ.
 * A non-finite loss or new weight stops training (`diverged`, with the step); the abort signal
 * stops it between steps (`interrupted`). The loop yields to the event loop every step, so
 * signals are handled promptly.
 */
export async function train(W0: tf.Tensor2D, t: RunTensors, regime: Regime, opts: TrainOptions): Promise<TrainOutcome> {
  const { T, eta, logEvery, P } = regime;
  const attack = trainingAttack(regime);
  const fullBatch = regime.batchSize === null || regime.batchSize >= t.train.n;
  const trace: TraceRow[] = [];
  let W = tf.clone(W0);
  let lastTrainLoss = NaN;
  let diverged: DivergenceInfo | null = null;
  let interrupted = false;
  let steps = 0;
  let order: Int32Array | null = null;
  let cursor = 0;

  const log = (step: number) => {
    const row = measureRow(W, t, regime, step, lastTrainLoss);
    trace.push(row);
    opts.onProgress?.({ kind: opts.kind, step, T, row });
  };
  log(0);

  for (let step = 0; step < T; step++) {
    if (opts.signal?.aborted) {
      interrupted = true;
      break;
    }
    let batchIdx: tf.Tensor1D | null = null;
    if (!fullBatch) {
      const b = regime.batchSize as number;
      if (order === null || cursor + b > order.length) {
        order = opts.batchRng.partialPermutation(t.train.n, t.train.n);
        cursor = 0;
      }
      batchIdx = tf.tensor1d(order.slice(cursor, cursor + b), 'int32');
      cursor += b;
    }
    const out = tidyObject(() => {
      const n = batchIdx ? batchIdx.shape[0] : t.train.n;
      const Xb = batchIdx
        ? (tf.reshape(tf.gather(tf.reshape(t.train.X2, [t.train.n, P, regime.d]), batchIdx), [n * P, regime.d]) as tf.Tensor2D)
        : t.train.X2;
      const Yb = batchIdx ? (tf.gather(t.train.Y, batchIdx) as tf.Tensor2D) : t.train.Y;
      // X2 is reused as the right matMul operand only when it is the same tensor every step.
      const persistentX = Xb === t.train.X2;
      return opts.kind === 'at'
        ? adversarialStep(Xb, Yb, W, t.net, eta, attack, opts.attackRng, persistentX)
        : standardStep(Xb, Yb, W, t.net, eta, persistentX);
    });
    batchIdx?.dispose();
    const [lossValue, weightSum] = out.check.dataSync();
    out.check.dispose();
    const checkValue = lossValue + 0 * weightSum;
    if (!Number.isFinite(checkValue)) {
      out.Wn.dispose();
      diverged = { step, reason: Number.isFinite(lossValue) ? 'non-finite weight after the update' : 'non-finite training loss' };
      break;
    }
    W.dispose();
    W = out.Wn;
    lastTrainLoss = lossValue;
    steps = step + 1;
    if (steps % logEvery === 0 || steps === T) log(steps);
    await yieldToEventLoop();
  }
  if ((interrupted || diverged) && trace[trace.length - 1].step !== steps) log(steps);
  return { W, trace, steps, diverged, interrupted };
}

function measureRow(W: tf.Tensor2D, t: RunTensors, regime: Regime, step: number, lastTrainLoss: number): TraceRow {
  const fm = featureMeasures(W, t.Ut, t.Vt, t.xi2, regime.k, regime.m);
  const train = cleanMetrics(W, t.train, t);
  const test = cleanMetrics(W, t.test, t);
  return {
    step,
    ...fm,
    loss: train.loss,
    trainLoss: Number.isFinite(lastTrainLoss) ? lastTrainLoss : train.loss,
    trainAcc: train.correct / t.train.n,
    testAcc: test.correct / t.test.n,
  };
}

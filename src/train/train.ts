import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import type { Regime } from '../regime/types.js';
import { forwardBackward, weightGradient, weightGradientFreshInput } from '../model/network.js';
import { pgdAttack, type AttackSpec } from '../attack/pgd.js';
import type { RunTensors } from '../experiment/tensors.js';
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

/** The training attack of a regime (MODEL §3). */
export function trainingAttack(regime: Regime): AttackSpec {
  return { norm: regime.norm, eps: regime.eps, P: regime.P, steps: regime.K, stepSize: regime.stepSize, randomStart: regime.randomStart };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Standard (ST) or adversarial (AT) training by gradient descent (MODEL §3), from `W0`.
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
    const out = tf.tidy(() => {
      const n = batchIdx ? batchIdx.shape[0] : t.train.n;
      const Xb = batchIdx
        ? (tf.reshape(tf.gather(tf.reshape(t.train.X2, [t.train.n, P, regime.d]), batchIdx), [n * P, regime.d]) as tf.Tensor2D)
        : t.train.X2;
      const Yb = batchIdx ? (tf.gather(t.train.Y, batchIdx) as tf.Tensor2D) : t.train.Y;
      let Xused = Xb;
      if (opts.kind === 'at') {
        const delta = pgdAttack(Xb, W, Yb, t.net, attack, opts.attackRng);
        Xused = tf.add(Xb, delta);
      }
      const { loss, D } = forwardBackward(Xused, W, Yb, t.net);
      // X2 is reused as the right matMul operand only when it is the same tensor every step.
      const gW = Xused === t.train.X2 ? weightGradient(Xused, D, n) : weightGradientFreshInput(Xused, D, n);
      const Wn = tf.sub(W, tf.mul(gW, eta)) as tf.Tensor2D;
      // One scalar read per step: non-finite iff the loss or any new weight is non-finite.
      const check = tf.add(tf.mean(loss), tf.mul(tf.sum(Wn), 0));
      return { Wn, check, loss: tf.mean(loss) };
    });
    batchIdx?.dispose();
    const checkValue = out.check.dataSync()[0];
    const lossValue = out.loss.dataSync()[0];
    out.check.dispose();
    out.loss.dispose();
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

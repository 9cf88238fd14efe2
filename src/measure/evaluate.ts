import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import type { Regime } from '../regime/types.js';
import { forwardBackward, logits, perSampleLoss } from '../model/network.js';
import { pgdBestIterate } from '../attack/pgd.js';
import { addToEveryPatch, featureTargeted, featureUntargeted } from '../attack/featureDirection.js';
import type { RunTensors, TensorData } from '../model/tensors.js';
import { proportion } from '../stats/wilson.js';
import { correctMask, countAllCorrect } from './accuracy.js';
import { energyShares } from './energy.js';
import type { EnergyShares, Proportion, RobustAccuracies } from './types.js';

/** Clean loss (mean) and accuracy of W on a dataset. */
export function cleanMetrics(W: tf.Tensor2D, data: TensorData, t: RunTensors): { loss: number; correct: number } {
  const out = tf.tidy(() => {
    const F = logits(data.X2, W, t.net);
    return tf.stack([tf.mean(perSampleLoss(F, data.Y)), tf.cast(tf.sum(correctMask(F, data.y)), 'float32')]);
  });
  const [loss, correct] = out.dataSync();
  out.dispose();
  return { loss, correct };
}

/** The end-of-training evaluation of one network (docs/model.md#measurements). */
export interface Evaluation {
  loss: number;
  cleanTestLoss: number;
  pgdTestLoss: number;
  trainAcc: Proportion;
  testAcc: Proportion;
  robust: RobustAccuracies;
  energy: EnergyShares;
}

export function evaluateNetwork(W: tf.Tensor2D, t: RunTensors, regime: Regime, evalRng: Rng): Evaluation {
  const { P, k, norm, eps } = regime;
  const train = cleanMetrics(W, t.train, t);
  const test = t.test;
  const n = test.n;

  const masks = tf.tidy(() => {
    const clean = correctMask(logits(test.X2, W, t.net), test.y);
    const untargeted = correctMask(logits(addToEveryPatch(test.X2, featureUntargeted(t.V, test.y, norm, eps, P), P), W, t.net), test.y);
    const targeted: tf.Tensor1D[] = [];
    for (let shift = 1; shift < k; shift++) {
      targeted.push(
        correctMask(logits(addToEveryPatch(test.X2, featureTargeted(t.V, test.y, k, shift, norm, eps, P), P), W, t.net), test.y),
      );
    }
    return { clean, untargeted, targeted };
  });
  const best = pgdBestIterate(
    test.X2,
    W,
    test.Y,
    t.net,
    { norm, eps, P, steps: regime.evalSteps, stepSize: regime.evalStepSize, randomStart: true },
    evalRng,
  );
  const pgdMask = tf.tidy(() => correctMask(best.logits, test.y));
  const cleanTest = tf.tidy(() => tf.mean(forwardBackward(test.X2, W, test.Y, t.net).loss));
  const cleanTestLoss = cleanTest.dataSync()[0];
  const pgdLossT = tf.mean(best.loss);
  const pgdTestLoss = pgdLossT.dataSync()[0];
  const energy = energyShares(best.delta, t.Ut, t.Vt);

  const count = (ms: tf.Tensor1D[]) => countAllCorrect(ms).count;
  const featureMasks = [masks.clean, masks.untargeted, ...masks.targeted];
  const robust: RobustAccuracies = {
    featureUntargeted: proportion(count([masks.clean, masks.untargeted]), n),
    featureTargeted: proportion(count([masks.clean, ...masks.targeted]), n),
    feature: proportion(count(featureMasks), n),
    pgd: proportion(count([masks.clean, pgdMask]), n),
    worst: proportion(count([...featureMasks, pgdMask]), n),
  };
  const testCorrect = count([masks.clean]);
  tf.dispose([masks.clean, masks.untargeted, ...masks.targeted, pgdMask, best.delta, best.loss, best.logits, cleanTest, pgdLossT]);
  return {
    loss: train.loss,
    cleanTestLoss,
    pgdTestLoss,
    trainAcc: proportion(train.correct, t.train.n),
    testAcc: proportion(testCorrect, n),
    robust,
    energy: { v: energy.v, u: energy.u, rest: energy.rest },
  };
}

/**
 * The PGD-raises-the-loss check and its problem: a small network trained by standard training, and
 * the mean test-loss gain of an attack over the clean loss. Shared by the test
 * (properties/attack/pgdRaisesLoss.test.ts) and its measurement script (pgdGainRates.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { AttackSpec, BestIterate } from '../../src/attack/pgd.js';
import { prepareRun } from '../../src/experiment/prepare.js';
import { forwardBackward, type NetConstants } from '../../src/model/network.js';
import { disposeRunTensors, makeRunTensors, type RunTensors } from '../../src/model/tensors.js';
import type { Rng } from '../../src/random/rng.js';
import type { PerturbationNorm, SeededRegime } from '../../src/regime/types.js';
import { train } from '../../src/train/train.js';
import { tinyRegime } from './engine.js';

/** An attack with pgdBestIterate's signature. */
export type BestIterateFn = (X2: tf.Tensor2D, W: tf.Tensor2D, Y: tf.Tensor2D, c: NetConstants, spec: AttackSpec, rng: Rng) => BestIterate;

/** Minimum mean-loss gain (nats) a working PGD must reach, per norm (see the test file for the measurement). */
export const PGD_GAIN_MARGIN: Readonly<Record<PerturbationNorm, number>> = Object.freeze({ 'patch-l2': 0.3, l2: 0.04, linf: 0.15 });

/** The evaluation regime for a norm: eps 0.4 for the ℓ2 balls (one noise patch's norm), 0.1 for linf. */
export function pgdRegime(seed: number, norm: PerturbationNorm): SeededRegime {
  const eps = norm === 'linf' ? 0.1 : 0.4;
  return tinyRegime({ seed, T: 200, nTest: 100, nTrain: 40, m: 4, logEvery: 100, norm, eps, evalSteps: 10, evalStepSize: eps / 4 });
}

export interface PgdProblem {
  /** The trained weights and the run's tensors, with the regime evaluated in `norm`. */
  at(norm: PerturbationNorm): { regime: SeededRegime; W: tf.Tensor2D; t: RunTensors };
  testAcc: number;
  dispose(): void;
}

/** Trains one network by standard training (which uses no attack, so one network serves every norm). */
export async function pgdProblem(seed: number): Promise<PgdProblem> {
  const base = pgdRegime(seed, 'patch-l2');
  const prep = prepareRun(base);
  const t = makeRunTensors(base, prep.features, prep.train, prep.test);
  const W0 = tf.tensor2d(prep.W0, [base.k * base.m, base.d]);
  const st = await train(W0, t, base, { kind: 'st', attackRng: prep.streams.attackST, batchRng: prep.streams.batches });
  W0.dispose();
  const acc = tf.tidy(
    () => tf.mean(tf.cast(tf.equal(tf.argMax(forwardBackward(t.test.X2, st.W, t.test.Y, t.net).F, 1), t.test.y), 'float32')).dataSync()[0],
  );
  return {
    at: (norm) => ({ regime: pgdRegime(seed, norm), W: st.W, t }),
    testAcc: acc,
    dispose: () => {
      st.W.dispose();
      disposeRunTensors(t);
    },
  };
}

/** Mean test loss at the clean points and at the attack's kept iterate, and their difference. */
export function lossGain(
  attack: BestIterateFn,
  W: tf.Tensor2D,
  t: RunTensors,
  spec: AttackSpec,
  rng: Rng,
): { clean: number; adv: number; gain: number } {
  const clean = tf.tidy(() => tf.mean(forwardBackward(t.test.X2, W, t.test.Y, t.net).loss).dataSync()[0]);
  const best = attack(t.test.X2, W, t.test.Y, t.net, spec, rng);
  const adv = tf.tidy(() => tf.mean(best.loss).dataSync()[0]);
  tf.dispose([best.delta, best.loss, best.logits]);
  return { clean, adv, gain: adv - clean };
}

import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select.js';
import { prepareRun } from '../experiment/prepare.js';
import { runManifest } from '../experiment/runExperiment.js';
import { disposeRunTensors, makeRunTensors, type RunTensors } from '../model/tensors.js';
import type { RunResult } from '../experiment/types.js';
import { evaluateNetwork } from '../measure/evaluate.js';
import { featureMeasures } from '../measure/featureMeasures.js';
import type { DivergenceInfo, FinalMeasurements } from '../measure/types.js';
import { createStreams, type Rng } from '../random/rng.js';
import type { SeededRegime } from '../regime/types.js';
import { callAttack, callUpdate } from './_internals/calls.js';
import type { AttackBudget, NetworkShape, Trainer } from './types.js';

/** Weights after training with a user's trainer, and how training ended. */
interface Trained {
  W: Float32Array;
  steps: number;
  diverged: DivergenceInfo | null;
}

/** The first non-finite entry's index, or −1. */
function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/**
 * T full-batch gradient-descent steps from W0 through the trainer's own methods (docs/model.md#training): for AT,
 * δ = attack(W, X, y) then W ← update(W, X, y, δ); for ST, W ← update(W, X, y, null). Each call gets
 * fresh copies of the arrays. A non-finite δ or weight stops training, as in our engine.
 */
async function trainLoop(
  trainer: Trainer,
  kind: 'st' | 'at',
  regime: SeededRegime,
  X: Float32Array,
  y: Int32Array,
  W0: Float32Array,
  attackRng: Rng,
): Promise<Trained> {
  const shape: NetworkShape = { n: y.length, P: regime.P, d: regime.d, k: regime.k, m: regime.m, q: regime.q, rho: regime.rho };
  const budget: AttackBudget = {
    norm: regime.norm,
    eps: regime.eps,
    steps: regime.K,
    stepSize: regime.stepSize,
    randomStart: regime.randomStart,
  };
  let W = W0;
  for (let step = 0; step < regime.T; step++) {
    let delta: Float32Array | null = null;
    if (kind === 'at') {
      delta = await callAttack(trainer, {
        W: W.slice(),
        X: X.slice(),
        y: y.slice(),
        budget: { ...budget },
        seed: attackRng.int(2 ** 31),
        shape: { ...shape },
      });
      if (firstNonFinite(delta) >= 0) return { W, steps: step, diverged: { step, reason: 'non-finite perturbation from trainer.attack' } };
    }
    const next = await callUpdate(trainer, { W: W.slice(), X: X.slice(), y: y.slice(), delta, eta: regime.eta, shape: { ...shape } });
    if (firstNonFinite(next) >= 0) return { W, steps: step, diverged: { step, reason: 'non-finite weight after trainer.update' } };
    W = next;
  }
  return { W, steps: regime.T, diverged: null };
}

/** Our end-of-training measurements (docs/model.md#measurements) of weights `[k, m, d]`, as runExperiment takes them. */
function measure(trained: Trained, t: RunTensors, regime: SeededRegime, evalRng: Rng): FinalMeasurements {
  const W = tf.tensor2d(trained.W, [regime.k * regime.m, regime.d]);
  try {
    const fm = featureMeasures(W, t.Ut, t.Vt, t.xi2, regime.k, regime.m);
    const ev = evaluateNetwork(W, t, regime, evalRng);
    return { ...fm, ...ev, steps: trained.steps, diverged: trained.diverged };
  } finally {
    W.dispose();
  }
}

/**
 * One experiment of docs/model.md#training trained by a user's trainer instead of our engine: the same data,
 * W0 and streams as `runExperiment` for this regime and seed, ST and AT from the same W0, then our
 * measurements of both networks. The result is a {@link RunResult} that `evaluateClaims` judges like
 * any other. Traces are empty: training goes through the trainer's arrays, and no claim reads them.
 *
 * @throws TypeError when the regime uses mini-batches (the conformance driver trains full-batch)
 * @throws TrainerCallError when the trainer throws or returns the wrong layout
 */
export async function runWithTrainer(trainer: Trainer, regime: SeededRegime): Promise<RunResult> {
  if (regime.batchSize !== null && regime.batchSize < regime.nTrain) {
    throw new TypeError(
      `runWithTrainer: regime.batchSize = ${regime.batchSize} < nTrain = ${regime.nTrain}; the conformance driver trains full-batch. Fix: set batchSize to null.`,
    );
  }
  const backend = await initBackend();
  const started = new Date();
  const t0 = performance.now();
  const prepared = prepareRun(regime);
  const { X, y } = prepared.train;
  const st = await trainLoop(trainer, 'st', regime, X, y, prepared.W0, prepared.streams.attackST);
  const at = await trainLoop(trainer, 'at', regime, X, y, prepared.W0, prepared.streams.attackAT);
  const tensors = makeRunTensors(regime, prepared.features, prepared.train, prepared.test);
  const W0 = tf.tensor2d(prepared.W0, [regime.k * regime.m, regime.d]);
  try {
    const init = featureMeasures(W0, tensors.Ut, tensors.Vt, tensors.xi2, regime.k, regime.m);
    return {
      regime,
      init: { lambda: init.lambda, gamma: init.gamma, lambdaMean: init.lambdaMean, gammaMean: init.gammaMean, xi: init.xi },
      // ST and AT are evaluated with the same PGD random starts (a paired comparison, as runExperiment).
      st: measure(st, tensors, regime, createStreams(regime.seed).evalPgd),
      at: measure(at, tensors, regime, createStreams(regime.seed).evalPgd),
      traces: { st: [], at: [] },
      interrupted: false,
      manifest: runManifest(backend, started, t0),
    };
  } finally {
    W0.dispose();
    disposeRunTensors(tensors);
  }
}

/**
 * Guarantees (issue #6): training and attacking leak nothing. Over many training steps and many PGD
 * attacks the live tensor count returns exactly to its starting value and resident memory stays flat
 * after warm-up. Default profile: 2,000 steps and 200 attacks; full profile: 10,000 and 1,000.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgdBestIterate } from '../../src/attack/pgd.js';
import { prepareRun } from '../../src/experiment/prepare.js';
import { disposeRunTensors, makeRunTensors } from '../../src/model/tensors.js';
import { train } from '../../src/train/train.js';
import { backendForTests, tinyRegime } from '../helpers/engine.js';
import { testBudget } from '../helpers/testRun.js';

const full = testBudget().profile === 'full';
const STEPS = full ? 10_000 : 2_000;
const ATTACKS = full ? 1_000 : 200;
/** Allowed RSS growth after warm-up: allocator noise, not a leak (a leak of one [n·P, d] buffer per step would be ≫ this). */
const RSS_SLACK_MB = 40;

beforeAll(async () => {
  await backendForTests();
});

const rssMB = () => process.memoryUsage().rss / 2 ** 20;

describe('memory over long runs', () => {
  it(`${STEPS} adversarial training steps: tensor count exact, RSS flat`, async () => {
    const regime = tinyRegime({ T: STEPS, logEvery: 500, K: 2, stepSize: 0.2, randomStart: true });
    const prepared = prepareRun(regime);
    const t = makeRunTensors(regime, prepared.features, prepared.train, prepared.test);
    const W0 = tf.tensor2d(prepared.W0, [regime.k * regime.m, regime.d]);
    const warm = await train(
      W0,
      t,
      { ...regime, T: 200 },
      { kind: 'at', attackRng: prepared.streams.attackAT, batchRng: prepared.streams.batches },
    );
    warm.W.dispose();
    const tensorsBefore = tf.memory().numTensors;
    const rssBefore = rssMB();
    const out = await train(W0, t, regime, { kind: 'at', attackRng: prepared.streams.attackAT, batchRng: prepared.streams.batches });
    out.W.dispose();
    expect(out.steps).toBe(STEPS);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(rssMB() - rssBefore, `RSS ${rssBefore.toFixed(1)} → ${rssMB().toFixed(1)} MB`).toBeLessThan(RSS_SLACK_MB);
    W0.dispose();
    disposeRunTensors(t);
  });

  it(`${ATTACKS} PGD evaluations: tensor count exact, RSS flat`, () => {
    const regime = tinyRegime({ nTest: 50 });
    const prepared = prepareRun(regime);
    const t = makeRunTensors(regime, prepared.features, prepared.train, prepared.test);
    const W = tf.tensor2d(prepared.W0, [regime.k * regime.m, regime.d]);
    const spec = { norm: regime.norm, eps: regime.eps, P: regime.P, steps: 10, stepSize: regime.eps / 4, randomStart: true };
    const once = () => {
      const b = pgdBestIterate(t.test.X2, W, t.test.Y, t.net, spec, prepared.streams.evalPgd);
      tf.dispose([b.delta, b.loss, b.logits]);
    };
    for (let i = 0; i < 20; i++) once();
    const tensorsBefore = tf.memory().numTensors;
    const rssBefore = rssMB();
    for (let i = 0; i < ATTACKS; i++) once();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(rssMB() - rssBefore, `RSS ${rssBefore.toFixed(1)} → ${rssMB().toFixed(1)} MB`).toBeLessThan(RSS_SLACK_MB);
    W.dispose();
    disposeRunTensors(t);
  });
});

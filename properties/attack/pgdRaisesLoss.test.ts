/**
 * Guarantees: the PGD evaluation is an attack, not a formality. On a small network trained by
 * standard training (k = 2, d = 16, P = 6, T = 200: test accuracy 0.59–1.00 over 130 seeds), the
 * mean test loss at the kept PGD iterate exceeds the clean loss by a per-norm margin, and the
 * evaluation the claims read (evaluateNetwork's cleanTestLoss and pgdTestLoss) is that same attack.
 * The same check run against a deliberately broken attack that returns δ = 0, and against a random
 * start without ascent steps, must reject both: a PGD that returned δ = 0, ascended the wrong way,
 * kept the lowest iterate or took no steps turns this test red ("PGD loss ≥ clean loss" alone holds
 * for all of those by construction).
 *
 * Margins (nats of mean cross-entropy) from `npx tsx properties/helpers/pgdGainRates.ts --seeds 130
 * --seed-start 1` (WASM, float32; output in properties/measurements/pgd-gain-seeds1-130.txt): the
 * PGD gain was at least 0.110 (l2), 0.587 (linf), 0.983 (patch-l2); a random start alone at most
 * 0.016, 0.043, 0.122; δ = 0 exactly 0. Each margin (0.04, 0.15, 0.3) lies 2.5–4× below the
 * smallest PGD gain and 2.5–3.5× above the largest random-start gain.
 * Cost: about 7 s in the default profile on a loaded 2-core machine (3 trained networks); 10 in full.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgdBestIterate, type AttackSpec } from '../../src/attack/pgd.js';
import { forwardBackward } from '../../src/model/network.js';
import type { PerturbationNorm } from '../../src/regime/types.js';
import { createStreams } from '../../src/random/rng.js';
import { evaluateNetwork } from '../../src/measure/evaluate.js';
import { backendForTests } from '../helpers/engine.js';
import { PGD_GAIN_MARGIN, lossGain, pgdProblem, type BestIterateFn } from '../helpers/pgdGain.js';
import { testBudget } from '../helpers/testRun.js';

beforeAll(async () => {
  await backendForTests();
});

const NORMS: PerturbationNorm[] = ['patch-l2', 'l2', 'linf'];

/** A deliberately broken attack: δ = 0, the clean point returned as if it were the best iterate. */
const zeroAttack: BestIterateFn = (X2, W, Y, c) =>
  tf.tidy(() => {
    const { F, loss } = forwardBackward(X2, W, Y, c);
    return { delta: tf.zerosLike(X2) as tf.Tensor2D, loss, logits: F };
  });
/** A random start in the ball and no ascent step: moves the input, ignores the gradient. */
const randomOnly: BestIterateFn = (X2, W, Y, c, spec, rng) => pgdBestIterate(X2, W, Y, c, { ...spec, steps: 0 }, rng);

describe('PGD evaluation raises the loss', () => {
  it('on trained networks by the measured margin, and rejects a zero attack and a gradient-free one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 2 ** 30 }), async (seed) => {
        const before = tf.memory().numTensors;
        const problem = await pgdProblem(seed);
        try {
          for (const norm of NORMS) {
            const { regime, W, t } = problem.at(norm);
            expect(problem.testAcc, `seed ${seed}: the network must have learned something (k = 2)`).toBeGreaterThan(0.5);
            const spec: AttackSpec = {
              norm,
              eps: regime.eps,
              P: regime.P,
              steps: regime.evalSteps,
              stepSize: regime.evalStepSize,
              randomStart: true,
            };
            const real = lossGain(pgdBestIterate, W, t, spec, createStreams(seed).evalPgd);
            const label = `seed ${seed}, ${norm}: clean ${real.clean.toFixed(4)}, PGD ${real.adv.toFixed(4)}, margin ${PGD_GAIN_MARGIN[norm]}`;
            expect(real.gain, label).toBeGreaterThanOrEqual(PGD_GAIN_MARGIN[norm]);
            // The evaluation the claims read is this attack: same spec, same stream, same loss.
            const ev = evaluateNetwork(W, t, regime, createStreams(seed).evalPgd);
            expect(Math.abs(ev.pgdTestLoss - real.adv), label).toBeLessThanOrEqual(1e-6 * Math.max(1, real.adv));
            expect(Math.abs(ev.cleanTestLoss - real.clean), label).toBeLessThanOrEqual(1e-6 * Math.max(1, real.clean));
            // The same check must reject broken attacks.
            const zero = lossGain(zeroAttack, W, t, spec, createStreams(seed).evalPgd);
            expect(zero.gain, `${label}; zero attack gain ${zero.gain}`).toBeLessThan(PGD_GAIN_MARGIN[norm]);
            const rnd = lossGain(randomOnly, W, t, spec, createStreams(seed).evalPgd);
            expect(rnd.gain, `${label}; random-start-only gain ${rnd.gain}`).toBeLessThan(PGD_GAIN_MARGIN[norm]);
          }
        } finally {
          problem.dispose();
        }
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: testBudget().profile === 'full' ? 10 : 3, endOnFailure: true },
    );
  });
});

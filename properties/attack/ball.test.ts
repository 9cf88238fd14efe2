/**
 * Guarantees: the perturbation sets of docs/model.md#training behave as sets. For all three norms, projection lands
 * inside the ball, is idempotent, and leaves a point already inside unchanged; random starts lie in
 * the ball; a zero gradient gives a zero step (never NaN); eps = 0 makes every attack a no-op; and
 * best-iterate PGD never ends below the clean loss (true by construction: that PGD actually raises
 * the loss is checked in properties/attack/pgdRaisesLoss.test.ts). On every backend.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ballNorms, normaliseStep, project, randomStart, type Ball } from '../../src/attack/ball.js';
import { pgdAttack, pgdBestIterate } from '../../src/attack/pgd.js';
import { makeNetConstants, oneHotLabels, disposeNetConstants } from '../../src/model/network.js';
import { createStreams } from '../../src/random/rng.js';
import { describeEachBackend } from '../helpers/backends.js';
import { makeSmallProblem, smallProblemArb } from '../helpers/engine.js';

const ballArb = fc.record({
  norm: fc.constantFrom('patch-l2' as const, 'l2' as const, 'linf' as const),
  eps: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 3, noNaN: true })),
  n: fc.integer({ min: 1, max: 4 }),
  P: fc.integer({ min: 1, max: 5 }),
  d: fc.integer({ min: 1, max: 8 }),
  scale: fc.double({ min: 1e-3, max: 10, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

const tol = (eps: number) => 1e-5 * Math.max(1, eps);

// On every backend that loads (tensorflow, wasm, cpu): properties/helpers/backends.ts.
describeEachBackend('perturbation balls', () => {
  it('projection: inside the ball, idempotent, identity inside', () => {
    fc.assert(
      fc.property(ballArb, ({ norm, eps, n, P, d, scale, seed }) => {
        const ball: Ball = { norm, eps, P };
        const rng = createStreams(seed).attackST;
        const before = tf.memory().numTensors;
        const raw = tf.tensor2d(rng.fillNormal(new Float32Array(n * P * d), scale) as Float32Array, [n * P, d]);
        const once = project(raw, ball);
        const twice = project(once, ball);
        const normsT = ballNorms(once, ball);
        const norms = normsT.dataSync();
        normsT.dispose();
        for (const v of norms) expect(v).toBeLessThanOrEqual(eps + tol(eps));
        const a = once.dataSync();
        const b = twice.dataSync();
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol(eps));
        // A point strictly inside is unchanged.
        const inside = tf.mul(once, 0.5);
        const kept = project(inside as tf.Tensor2D, ball);
        const c = inside.dataSync();
        const e = kept.dataSync();
        for (let i = 0; i < c.length; i++) expect(Math.abs(c[i] - e[i])).toBeLessThanOrEqual(tol(eps));
        tf.dispose([raw, once, twice, inside, kept]);
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('random starts lie in the ball; zero gradients give zero steps, never NaN', () => {
    fc.assert(
      fc.property(ballArb, ({ norm, eps, n, P, d, seed }) => {
        const ball: Ball = { norm, eps, P };
        const start = randomStart(n * P, d, ball, createStreams(seed).attackST);
        const normsT = ballNorms(start, ball);
        for (const v of normsT.dataSync()) expect(v).toBeLessThanOrEqual(eps + tol(eps));
        normsT.dispose();
        const zero = tf.zeros([n * P, d]) as tf.Tensor2D;
        const step = normaliseStep(zero, ball);
        for (const v of step.dataSync()) expect(v).toBe(0);
        tf.dispose([start, zero, step]);
      }),
      { numRuns: 100 },
    );
  });

  it('eps = 0 makes the training attack and PGD no-ops; best-iterate PGD loss ≥ clean loss', () => {
    fc.assert(
      fc.property(
        smallProblemArb,
        fc.constantFrom('patch-l2' as const, 'l2' as const, 'linf' as const),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.boolean(),
        (params, norm, eps, rs) => {
          const p = makeSmallProblem(params);
          const c = makeNetConstants({ P: p.P, d: p.d, k: p.k, m: p.m }, { q: p.q, rho: p.rho });
          const X2 = tf.tensor2d(p.X, [p.n * p.P, p.d]);
          const W = tf.tensor2d(p.W, [p.k * p.m, p.d]);
          const Y = oneHotLabels(p.y, p.k);
          const rng = createStreams(params.seed).evalPgd;
          const before = tf.memory().numTensors;
          const none = pgdAttack(X2, W, Y, c, { norm, eps: 0, P: p.P, steps: 3, stepSize: 0.1, randomStart: rs }, rng);
          for (const v of none.dataSync()) expect(v).toBe(0);
          const best0 = pgdBestIterate(X2, W, Y, c, { norm, eps: 0, P: p.P, steps: 3, stepSize: 0.1, randomStart: true }, rng);
          for (const v of best0.delta.dataSync()) expect(v).toBe(0);
          const clean = best0.loss.dataSync().slice();
          const best = pgdBestIterate(X2, W, Y, c, { norm, eps, P: p.P, steps: 4, stepSize: eps / 2, randomStart: true }, rng);
          const adv = best.loss.dataSync();
          for (let i = 0; i < p.n; i++) expect(adv[i]).toBeGreaterThanOrEqual(clean[i]);
          const normsT = ballNorms(best.delta, { norm, eps, P: p.P });
          for (const v of normsT.dataSync()) expect(v).toBeLessThanOrEqual(eps + tol(eps));
          tf.dispose([normsT, none, best0.delta, best0.loss, best0.logits, best.delta, best.loss, best.logits]);
          expect(tf.memory().numTensors).toBe(before);
          tf.dispose([X2, W, Y]);
          disposeNetConstants(c);
        },
      ),
      { numRuns: 60 },
    );
  });
});

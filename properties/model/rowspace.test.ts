/**
 * Guarantees: the fast adversarial step computes the same thing as the direct one. For the ℓ2 balls
 * from δ = 0, the training attack run on the coefficients of δ = C·W ({@link pgdAttackRowSpace})
 * gives the perturbation of the direct attack ({@link pgdAttack}), and the adversarial step built on
 * it gives the same loss and updated weights as the step on the materialised perturbation, for any
 * number of ascent steps, to float32 rounding. eps = 0 is a no-op in both. No tensor leaks.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgdAttack, pgdAttackRowSpace, rowSpaceAttackApplies, type AttackSpec } from '../../src/attack/pgd.js';
import { disposeNetConstants, makeNetConstants, oneHotLabels, preActivations } from '../../src/model/network.js';
import { adversarialStep, adversarialStepDirect } from '../../src/train/train.js';
import { backendForTests, makeSmallProblem, relativeError, smallProblemArb } from '../helpers/engine.js';

beforeAll(async () => {
  await backendForTests();
});

const attackArb = fc.record({
  norm: fc.constantFrom('patch-l2' as const, 'l2' as const),
  eps: fc.oneof(fc.constant(0), fc.double({ min: 1e-2, max: 2, noNaN: true })),
  steps: fc.integer({ min: 1, max: 4 }),
  stepFraction: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
});

describe('row-space adversarial step', () => {
  it('applies exactly to the ℓ2 balls without random start', () => {
    const base = { eps: 1, P: 2, steps: 1, stepSize: 1 };
    expect(rowSpaceAttackApplies({ ...base, norm: 'patch-l2', randomStart: false })).toBe(true);
    expect(rowSpaceAttackApplies({ ...base, norm: 'l2', randomStart: false })).toBe(true);
    expect(rowSpaceAttackApplies({ ...base, norm: 'linf', randomStart: false })).toBe(false);
    expect(rowSpaceAttackApplies({ ...base, norm: 'patch-l2', randomStart: true })).toBe(false);
  });

  it('gives the direct attack’s perturbation and the direct step’s loss and weights (≤ 1e-4 relative)', () => {
    fc.assert(
      fc.property(smallProblemArb, attackArb, (params, a) => {
        const p = makeSmallProblem(params);
        const spec: AttackSpec = { norm: a.norm, eps: a.eps, P: p.P, steps: a.steps, stepSize: a.stepFraction * a.eps, randomStart: false };
        const before = tf.memory().numTensors;
        const c = makeNetConstants({ P: p.P, d: p.d, k: p.k, m: p.m }, { q: p.q, rho: p.rho });
        const X = tf.tensor2d(p.X, [p.n * p.P, p.d]);
        const W = tf.tensor2d(p.W, [p.k * p.m, p.d]);
        const Y = oneHotLabels(p.y, p.k);
        const direct = pgdAttack(X, W, Y, c, spec, null);
        const viaC = tf.tidy(() =>
          tf.matMul(pgdAttackRowSpace(preActivations(X, W), tf.matMul(W, tf.transpose(W)) as tf.Tensor2D, Y, c, spec).C, W),
        );
        const fast = adversarialStep(X, Y, W, c, 0.3, spec, null, true);
        const slow = adversarialStepDirect(X, Y, W, c, 0.3, spec, null);
        const dDirect = direct.dataSync();
        const dFast = viaC.dataSync();
        let maxAbs = 0;
        for (const v of dDirect) maxAbs = Math.max(maxAbs, Math.abs(v));
        if (a.eps === 0) {
          for (const v of dFast) expect(v).toBe(0);
        } else if (maxAbs > 0) {
          expect(relativeError(dFast, dDirect, 1e-12)).toBeLessThan(1e-4);
        }
        const [lossF, sumF] = fast.check.dataSync();
        const [lossS] = slow.check.dataSync();
        expect(Math.abs(lossF - lossS)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(lossS)));
        expect(Number.isFinite(sumF)).toBe(true);
        expect(relativeError(fast.Wn.dataSync(), slow.Wn.dataSync(), 1e-12)).toBeLessThan(1e-4);
        tf.dispose([direct, viaC, fast.Wn, fast.check, slow.Wn, slow.check, X, W, Y]);
        disposeNetConstants(c);
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
});

/**
 * Guarantees: the closed-form gradients of the network (∂L/∂W and ∂L/∂X) that training and every
 * attack use are right. They agree with an independent float64 implementation in plain TypeScript
 * (≤ 1e-4 relative), with tfjs autodiff on the same forward pass, and with central finite
 * differences of the float64 loss (≤ 1e-3 relative), on generated small problems, at random
 * weights and after some training, on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  forwardBackward,
  inputGradient,
  logits,
  makeNetConstants,
  oneHotLabels,
  perSampleLoss,
  weightGradient,
  disposeNetConstants,
} from '../../src/model/network.js';
import { reference64 } from '../../src/model/reference64.js';
import { describeEachBackend } from '../helpers/backends.js';
import { makeSmallProblem, relativeError, smallProblemArb, type SmallProblem } from '../helpers/engine.js';

function tensorGradients(p: SmallProblem) {
  const c = makeNetConstants({ P: p.P, d: p.d, k: p.k, m: p.m }, { q: p.q, rho: p.rho });
  const X2 = tf.tensor2d(p.X, [p.n * p.P, p.d]);
  const W = tf.tensor2d(p.W, [p.k * p.m, p.d]);
  const Y = oneHotLabels(p.y, p.k);
  const fb = forwardBackward(X2, W, Y, c);
  const gW = weightGradient(X2, fb.D, p.n);
  const gX = inputGradient(fb.D, W);
  // Autodiff of the same forward pass: the checked reference for the closed form.
  const lossFn = (w: tf.Tensor, x: tf.Tensor) => tf.mean(perSampleLoss(logits(x as tf.Tensor2D, w as tf.Tensor2D, c), Y));
  const [aW, aX] = tf.grads(lossFn)([W, X2]);
  const out = {
    loss: tf.mean(fb.loss).dataSync()[0],
    gW: gW.dataSync().slice(),
    gXsum: gX.dataSync().slice(),
    autoW: aW.dataSync().slice(),
    autoX: aX.dataSync().slice(),
  };
  tf.dispose([X2, W, Y, fb.F, fb.loss, fb.D, gW, gX, aW, aX]);
  disposeNetConstants(c);
  return out;
}

const scaled = (a: ArrayLike<number>, s: number) => Float64Array.from(a, (v) => v * s);

// On every backend that loads (tensorflow, wasm, cpu): properties/helpers/backends.ts.
describeEachBackend('closed-form gradients', () => {
  it('agree with the float64 reference (≤ 1e-4) and with autodiff (≤ 1e-4)', () => {
    fc.assert(
      fc.property(smallProblemArb, (params) => {
        const p = makeSmallProblem(params);
        const t = tensorGradients(p);
        const ref = reference64(p);
        expect(Math.abs(t.loss - ref.loss) / Math.max(ref.loss, 1e-3)).toBeLessThan(1e-4);
        // Gradients that are (numerically) zero everywhere carry no information about correctness.
        const floor = 1e-7;
        expect(relativeError(t.gW, ref.gradW, floor)).toBeLessThan(1e-4);
        expect(relativeError(scaled(t.gXsum, 1 / p.n), ref.gradX, floor)).toBeLessThan(1e-4);
        expect(relativeError(t.gW, t.autoW, floor)).toBeLessThan(1e-4);
        expect(relativeError(scaled(t.gXsum, 1 / p.n), t.autoX, floor)).toBeLessThan(1e-4);
      }),
      { numRuns: 60 },
    );
  });

  it('agree with central finite differences of the float64 loss (≤ 1e-3), along random directions', () => {
    fc.assert(
      fc.property(smallProblemArb, fc.integer({ min: 0, max: 1000 }), (params, dirSeed) => {
        const p = makeSmallProblem(params);
        const t = tensorGradients(p);
        const dirRng = makeSmallProblem({ ...params, seed: dirSeed });
        for (const which of ['W', 'X'] as const) {
          const base = which === 'W' ? p.W : p.X;
          const dir = which === 'W' ? dirRng.W : dirRng.X;
          const grad = which === 'W' ? t.gW : scaled(t.gXsum, 1 / p.n);
          let analytic = 0;
          let dirNorm = 0;
          for (let i = 0; i < base.length; i++) {
            analytic += grad[i] * dir[i];
            dirNorm += dir[i] ** 2;
          }
          const h = 1e-5 / Math.sqrt(dirNorm);
          const at = (s: number) => {
            const moved = Float64Array.from(base, (v, i) => v + s * h * dir[i]);
            return reference64({ ...p, [which]: moved } as typeof p & { W: Float64Array }).loss;
          };
          const numeric = (at(1) - at(-1)) / (2 * h);
          const scale = Math.max(Math.abs(numeric), 1e-4 * Math.sqrt(dirNorm));
          expect(Math.abs(analytic - numeric) / scale, `${which}: analytic ${analytic}, numeric ${numeric}`).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('agree with the float64 reference after 20 steps of gradient descent', () => {
    fc.assert(
      fc.property(smallProblemArb, (params) => {
        const p = makeSmallProblem(params);
        // Train with the float64 reference, then compare the tensor gradients at the trained W.
        let W = Float64Array.from(p.W);
        for (let s = 0; s < 20; s++) {
          const g = reference64({ ...p, W }).gradW;
          W = W.map((v, i) => v - 0.5 * g[i]);
        }
        const trained = { ...p, W: Float32Array.from(W) };
        const t = tensorGradients(trained);
        const ref = reference64(trained);
        expect(relativeError(t.gW, ref.gradW, 1e-7)).toBeLessThan(1e-4);
        expect(relativeError(scaled(t.gXsum, 1 / p.n), ref.gradX, 1e-7)).toBeLessThan(1e-4);
      }),
      { numRuns: 20 },
    );
  });
});

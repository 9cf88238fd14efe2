/**
 * The loss's log1p is accurate on every backend. tfjs-wasm's Log1p computes log(1 + x), which loses
 * the digits of a small x (0.2 relative at x = 1e-7), so the loss of confident samples disagreed
 * across backends by up to 5e-5 (found by properties/backend/agreement.test.ts). accurateLog1p must
 * stay within a few float32 ulps of Math.log1p for x from 1e-30 to 1e5, and give exactly 0 at 0.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { accurateLog1p } from '../../src/model/network.js';
import { describeEachBackend } from '../helpers/backends.js';

const TOLERANCE = 3e-7; // a few float32 ulps (2^-23 ≈ 1.2e-7)

describeEachBackend('accurate log1p', () => {
  it(`is within ${TOLERANCE} relative of Math.log1p for x in [1e-30, 1e5], and exactly 0 at 0`, () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -30, max: 5, noNaN: true }), { minLength: 1, maxLength: 64 }), (exponents) => {
        const xs = Float32Array.from(exponents, (e) => 10 ** e);
        const t = tf.tensor1d(xs);
        const got = accurateLog1p(t).dataSync();
        t.dispose();
        xs.forEach((x, i) => {
          const want = Math.log1p(x);
          expect(Math.abs(got[i]! - want) / want, `log1p(${x}) = ${got[i]}, want ${want}`).toBeLessThanOrEqual(TOLERANCE);
        });
      }),
      { numRuns: 50 },
    );
    const zero = tf.tensor1d([0]);
    expect(accurateLog1p(zero).dataSync()[0]).toBe(0);
    zero.dispose();
  });
});

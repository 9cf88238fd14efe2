/**
 * The steps of the attacks take exact signs and exact zero tests, on every backend. tfjs-wasm's
 * Sign returns 0 for |x| < 1.19e-7, so a step built on it gave a patch whose gradient is tiny but
 * not zero (about 1e-8) a near-zero step instead of the full one. Per norm: a gradient of ~1e-8
 * gets the full step (unit ℓ2 norm per patch or sample; ±1 per coordinate for ℓ∞), an exact zero
 * gets exactly zero; the ℓ∞ feature-direction attack moves every coordinate by exactly eps.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { exactSign, normaliseStep, safeDenominator, type Ball } from '../../src/attack/ball.js';
import { featureUntargeted } from '../../src/attack/featureDirection.js';
import { describeEachBackend } from '../helpers/backends.js';

const P = 3;
const d = 4;

/** Two samples of P patches: sample 0 has tiny gradients (patch 1 exactly zero), sample 1 is zero. */
function gradient(): tf.Tensor2D {
  const g = new Float32Array(2 * P * d);
  for (let p = 0; p < P; p++) {
    if (p === 1) continue;
    for (let j = 0; j < d; j++) g[p * d + j] = (j % 2 === 0 ? 1 : -1) * (1 + j) * 1e-8;
  }
  return tf.tensor2d(g, [2 * P, d]);
}

function rowNorm(v: Float32Array, start: number, len: number): number {
  let s = 0;
  for (let i = start; i < start + len; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

describeEachBackend('exact signs in the attack steps', () => {
  it('exactSign and safeDenominator are exact at 1e-8, at 0 and at −0', () => {
    const x = tf.tensor1d([1e-8, -1e-8, 1e-30, 0, -0, 3, -2.5]);
    expect(Array.from(exactSign(x).dataSync())).toEqual([1, -1, 1, 0, 0, 1, -1]);
    const norms = tf.tensor1d([1e-8, 0, 2]);
    expect(Array.from(safeDenominator(norms).dataSync())).toEqual([Math.fround(1e-8), 1, 2]);
    tf.dispose([x, norms]);
  });

  it('patch-l2: a patch with a 1e-8 gradient gets a unit step, a zero patch exactly zero', () => {
    const g = gradient();
    const step = normaliseStep(g, { norm: 'patch-l2', eps: 1, P } satisfies Ball).dataSync() as Float32Array;
    for (const p of [0, 2]) expect(rowNorm(step, p * d, d)).toBeCloseTo(1, 5);
    for (const p of [1, 3, 4, 5]) for (let j = 0; j < d; j++) expect(step[p * d + j]).toBe(0);
    g.dispose();
  });

  it('l2: a sample with a 1e-8 gradient gets a unit step, a zero sample exactly zero', () => {
    const g = gradient();
    const step = normaliseStep(g, { norm: 'l2', eps: 1, P } satisfies Ball).dataSync() as Float32Array;
    expect(rowNorm(step, 0, P * d)).toBeCloseTo(1, 5);
    for (let i = P * d; i < 2 * P * d; i++) expect(step[i]).toBe(0);
    g.dispose();
  });

  it('linf: every coordinate with a 1e-8 gradient steps by ±1, a zero coordinate by exactly 0', () => {
    const g = gradient();
    const gv = g.dataSync();
    const step = normaliseStep(g, { norm: 'linf', eps: 1, P } satisfies Ball).dataSync();
    for (let i = 0; i < gv.length; i++) expect(step[i]).toBe(gv[i]! > 0 ? 1 : gv[i]! < 0 ? -1 : 0);
    g.dispose();
  });

  it('linf feature-direction attack: a 1e-8 direction coordinate moves by exactly ±eps, a zero one not at all', () => {
    const V = tf.tensor2d(
      [
        [1e-8, -1e-8, 0, 0.5],
        [0, 0, 0, 0],
      ],
      [2, d],
    );
    const y = tf.tensor1d([0, 1], 'int32');
    const delta = featureUntargeted(V, y, 'linf', 0.25, P).dataSync();
    expect(Array.from(delta)).toEqual([-0.25, 0.25, 0, -0.25, 0, 0, 0, 0]);
    tf.dispose([V, y]);
  });
});

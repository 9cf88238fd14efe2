/**
 * Per-op overhead on one backend: `tsx bench/opOverhead.ts BACKEND` times ops on tiny tensors
 * (where the op's own work is nil) and on paper-small's pre-activation size [4800, 15], best of
 * 15 batches, and counts the kernels of one paper-small standard and adversarial (row-space, K = 1)
 * step (tf.profile). Prints one JSON line. With the NumPy side (bench/peers/op_overhead.py), it
 * explains the small-shape rates: kernels per step × cost per kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendPreference } from '../src/backend/select.js';
import { prepareRun } from '../src/experiment/prepare.js';
import { makeNetConstants, oneHotLabels } from '../src/model/network.js';
import { adversarialStep, standardStep } from '../src/train/train.js';
import { paperSmallRegime } from './shapes.js';

function perCall(fn: () => void, calls = 3000): number {
  for (let i = 0; i < 300; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls / 15; i++) fn();
    best = Math.min(best, ((performance.now() - t0) / (calls / 15)) * 1000);
  }
  return best;
}

async function main() {
  const info = await initBackend(parseBackendPreference(process.argv[2]));
  const a = tf.tensor1d([1, 2]);
  const b = tf.tensor1d([3, 4]);
  const z = tf.randomNormal([4800, 15]);
  const out: Record<string, unknown> = { backend: info.name, threads: info.threads };
  out.tinyAddMicros = perCall(() => tf.tidy(() => tf.add(a, b)).dispose());
  out.tinyAddNumberMicros = perCall(() => tf.tidy(() => tf.add(a, 0.5)).dispose());
  out.reshapeMicros = perCall(() => tf.tidy(() => tf.reshape(z, [100, 720])).dispose());
  out.mul4800x15Micros = perCall(() => tf.tidy(() => tf.mul(z, z)).dispose());
  out.rowSum4800x15Micros = perCall(() => tf.tidy(() => tf.sum(z, 1, true)).dispose());
  out.readScalarMicros = perCall(() => tf.tidy(() => tf.add(a, b)).dataSync(), 1500);
  const regime = paperSmallRegime();
  const p = prepareRun(regime);
  const { nTrain: n, P, d, k, m } = regime;
  const X = tf.tensor2d(p.train.X, [n * P, d]);
  const W = tf.tensor2d(p.W0, [k * m, d]);
  const Y = oneHotLabels(p.train.y, k);
  const c = makeNetConstants({ P, d, k, m }, { q: regime.q, rho: regime.rho });
  const attack = { norm: 'patch-l2' as const, eps: regime.eps, P, steps: 1, stepSize: regime.eps, randomStart: false };
  for (const [name, step] of [
    ['standard', () => standardStep(X, Y, W, c, regime.eta, true)],
    ['adversarial', () => adversarialStep(X, Y, W, c, regime.eta, attack, null, true)],
  ] as const) {
    const prof = await tf.profile(() => {
      const r = step();
      r.check.dataSync();
      tf.dispose([r.Wn, r.check]);
    });
    out[`${name}Kernels`] = prof.kernels.length;
    out[`${name}StepMicros`] = perCall(() => {
      const r = step();
      r.check.dataSync();
      tf.dispose([r.Wn, r.check]);
    }, 600);
  }
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message.split('\n')[0] : String(e) }) + '\n', () => process.exit(1));
});

/**
 * Child process of backend/threads.test.ts: starts the WASM backend with the thread count given in
 * argv[2], runs a fixed seeded workload through the real step functions, and prints one JSON line.
 * A separate process per thread count, because a tfjs backend is initialised once per process.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/select.js';
import { makeNetConstants, oneHotLabels } from '../../src/model/network.js';
import { createStreams } from '../../src/random/rng.js';
import { adversarialStep, standardStep } from '../../src/train/train.js';

async function main() {
  const threads = Number(process.argv[2]);
  const info = await initBackend('wasm', { wasmThreads: threads });
  const rng = createStreams(12345).init;
  const n = 24,
    P = 16,
    d = 64,
    k = 2,
    m = 8;
  const X = tf.tensor2d(rng.fillNormal(new Float32Array(n * P * d), 0.5) as Float32Array, [n * P, d]);
  const W = tf.tensor2d(rng.fillNormal(new Float32Array(k * m * d), 0.2) as Float32Array, [k * m, d]);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(k);
  const Y = oneHotLabels(y, k);
  const c = makeNetConstants({ P, d, k, m }, { q: 3, rho: 0.1 });
  const st = standardStep(X, Y, W, c, 0.1, true);
  const at = adversarialStep(X, Y, W, c, 0.1, { norm: 'patch-l2', eps: 0.5, P, steps: 3, stepSize: 0.25, randomStart: false }, null, true);
  const A = tf.tensor2d(rng.fillNormal(new Float32Array(300 * 300)) as Float32Array, [300, 300]);
  const mm = tf.matMul(A, A);
  const out = {
    backend: info.name,
    threads: info.threads,
    notes: info.notes,
    st: Array.from(st.Wn.dataSync()),
    stCheck: Array.from(st.check.dataSync()),
    at: Array.from(at.Wn.dataSync()),
    atCheck: Array.from(at.check.dataSync()),
    matmul: Array.from(mm.dataSync().slice(0, 3000)),
  };
  // Otherwise exit only once the line is flushed (stdout is asynchronous on pipes).
  // With "natural", return without process.exit: the process must then end by itself (the WASM
  // pool workers must not keep it alive).
  if (process.argv[3] === 'natural') process.stdout.write(JSON.stringify({ threads: out.threads, done: true }) + '\n');
  else process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
}
main().catch((e) => {
  process.stdout.write(
    JSON.stringify({ error: e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e).slice(0, 300) }) + '\n',
    () => process.exit(1),
  );
});

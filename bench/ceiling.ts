/**
 * The measured sgemm ceiling of the native backend: a 2048 × 2048 × 2048 float32 `matMul` through
 * tfjs-node (TensorFlow's own kernel, oneDNN/Eigen), best of several calls. Threads are TensorFlow's
 * intra-op pool, set by the caller with TF_NUM_INTRAOP_THREADS (read once, when the library loads).
 * `tsx bench/ceiling.ts [N]` prints one JSON line: {backend, n, threads, bestSeconds, gflops, reps}.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/select.js';

async function main() {
  const n = Number(process.argv[2] ?? 2048);
  const info = await initBackend('tensorflow');
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const once = () => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync(); // the product is computed eagerly; reading one result forces completion
    const s = (performance.now() - t0) / 1000;
    c.dispose();
    return s;
  };
  once();
  const times: number[] = [];
  const deadline = performance.now() + 6000;
  while (times.length < 3 || (times.length < 12 && performance.now() < deadline)) times.push(once());
  const best = Math.min(...times);
  const threads = process.env.TF_NUM_INTRAOP_THREADS ? Number(process.env.TF_NUM_INTRAOP_THREADS) : null;
  process.stdout.write(
    JSON.stringify({
      impl: 'tensorflow-matmul',
      backend: info.name,
      n,
      threads,
      bestSeconds: best,
      gflops: (2 * n ** 3) / best / 1e9,
      reps: times.length,
    }) + '\n',
    () => process.exit(0),
  );
}

main().catch((e) => {
  process.stdout.write(
    JSON.stringify({ error: e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e).slice(0, 300) }) + '\n',
    () => process.exit(1),
  );
});

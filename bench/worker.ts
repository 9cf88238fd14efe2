/**
 * One benchmark measurement of our implementation in a fresh process (a tfjs backend is set once
 * per process): `tsx bench/worker.ts DATA_DIR OUT_PREFIX BACKEND THREADS`. Runs the real step
 * functions of src/train/train.ts (standardStep, adversarialStep = row-space attack, and
 * adversarialStepDirect = the attack on the materialised δ), each step followed by the one scalar
 * read the trainer does; prints one JSON line. Also writes the loss, ∂L/∂W and the first rows of
 * the PGD perturbation at W0 for the agreement check.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendPreference } from '../src/backend/select.js';
import { forwardBackward, makeNetConstants, oneHotLabels, preActivations, weightGradient } from '../src/model/network.js';
import { pgdAttack, pgdAttackRowSpace, type AttackSpec } from '../src/attack/pgd.js';
import { adversarialStep, adversarialStepDirect, standardStep, type StepResult } from '../src/train/train.js';
import type { BenchMeta } from './shapes.js';

interface Timing {
  median: number;
  min: number;
  max: number;
  reps: number;
}

function timeSteps(fn: () => void, reps: number, warmup = 1): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], reps };
}

const repsFor = (seconds: number, lo = 2, hi = 20, budget = 3) => Math.max(lo, Math.min(hi, Math.floor(budget / Math.max(seconds, 1e-6))));

function measure(step: () => StepResult): Timing {
  const run = () => {
    const out = step();
    out.check.dataSync(); // the trainer's one read per step
    tf.dispose([out.Wn, out.check]);
  };
  const probe = timeSteps(run, 1, 1).median;
  return timeSteps(run, repsFor(probe), 0);
}

function writeF32(path: string, t: tf.Tensor): void {
  const a = t.dataSync() as Float32Array;
  writeFileSync(path, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

function wasmHeapBytes(): number | null {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b.wasm?.HEAPU8 ? b.wasm.HEAPU8.buffer.byteLength : null;
}

async function main() {
  const [dataDir, outPrefix, backendArg, threadsArg] = process.argv.slice(2);
  const threads = Number(threadsArg ?? 1);
  const info = await initBackend(parseBackendPreference(backendArg), { wasmThreads: threads });
  const meta = JSON.parse(readFileSync(join(dataDir, 'meta.json'), 'utf8')) as BenchMeta;
  const { n, P, d, k, m } = meta;
  const f32 = (name: string) => {
    const b = readFileSync(join(dataDir, name));
    return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  };
  const yb = readFileSync(join(dataDir, 'y.i32'));
  const y = new Int32Array(yb.buffer, yb.byteOffset, yb.byteLength / 4);
  const X = tf.tensor2d(f32('X.f32'), [n * P, d]);
  const W0 = tf.tensor2d(f32('W0.f32'), [k * m, d]);
  const Y = oneHotLabels(y, k);
  const c = makeNetConstants({ P, d, k, m }, { q: meta.q, rho: meta.rho });
  const attack: AttackSpec = {
    norm: meta.attack.norm as AttackSpec['norm'],
    eps: meta.attack.eps,
    P,
    steps: meta.attack.K,
    stepSize: meta.attack.stepSize,
    randomStart: false,
  };
  const errors: string[] = [];

  // Agreement outputs at W0.
  const agreement = tf.tidy(() => {
    const { loss, D } = forwardBackward(X, W0, Y, c);
    return { loss: tf.mean(loss), gW: weightGradient(X, D, n) };
  });
  const lossValue = agreement.loss.dataSync()[0];
  writeF32(`${outPrefix}-gW.f32`, agreement.gW);
  tf.dispose([agreement.loss, agreement.gW]);
  const rows = meta.deltaRows;
  try {
    const delta = pgdAttack(X, W0, Y, c, attack, null);
    const head = tf.slice(delta, [0, 0], [rows, d]);
    writeF32(`${outPrefix}-delta.f32`, head);
    tf.dispose([delta, head]);
  } catch (e) {
    errors.push(`direct PGD for agreement: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const rs = tf.tidy(() => {
    const { C } = pgdAttackRowSpace(preActivations(X, W0), tf.matMul(W0, tf.transpose(W0)) as tf.Tensor2D, Y, c, attack);
    return tf.matMul(tf.slice(C, [0, 0], [rows, k * m]), W0);
  });
  writeF32(`${outPrefix}-deltaRowSpace.f32`, rs);
  rs.dispose();

  const result: Record<string, unknown> = { impl: 'ours', backend: info.name, threads: info.threads, notes: info.notes, loss: lossValue };
  result.standard = measure(() => standardStep(X, Y, W0, c, meta.eta, true));
  result.adversarialRowSpace = measure(() => adversarialStep(X, Y, W0, c, meta.eta, attack, null, true));
  if (process.env.BENCH_SKIP_DIRECT !== '1') {
    try {
      result.adversarial = measure(() => adversarialStepDirect(X, Y, W0, c, meta.eta, attack, null));
    } catch (e) {
      errors.push(`direct adversarial step: ${e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : String(e).slice(0, 200)}`);
    }
  }
  result.peakRssMB = process.resourceUsage().maxRSS / 1024;
  result.wasmHeapMB = wasmHeapBytes() === null ? null : (wasmHeapBytes() as number) / 2 ** 20;
  result.errors = errors;
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
}

main().catch((e) => {
  process.stdout.write(
    JSON.stringify({ error: e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e).slice(0, 300) }) + '\n',
    () => process.exit(1),
  );
});

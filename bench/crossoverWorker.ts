/**
 * One process of the crossover measurement: `tsx bench/crossoverWorker.ts BACKEND` times the
 * training steps `train()` runs — a standard step and an adversarial step (row-space patch-ℓ2 attack,
 * K = 1 as in paper-small), each with the trainer's one read — on every shape of the ladder, on one
 * backend at its default threads (the backend a user gets). Prints one JSON line per shape.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendPreference } from '../src/backend/select.js';
import { prepareRun } from '../src/experiment/prepare.js';
import { makeNetConstants, oneHotLabels, disposeNetConstants } from '../src/model/network.js';
import { adversarialStep, standardStep, type StepResult } from '../src/train/train.js';
import type { AttackSpec } from '../src/attack/pgd.js';
import { CROSSOVER_K, CROSSOVER_LADDER, shapeRegime } from './shapes.js';

function time(step: () => StepResult, budgetMs: number): { best: number; median: number; reps: number } {
  const once = () => {
    const t0 = performance.now();
    const r = step();
    r.check.dataSync();
    tf.dispose([r.Wn, r.check]);
    return (performance.now() - t0) / 1000;
  };
  once();
  once();
  const ts: number[] = [];
  const end = performance.now() + budgetMs;
  while (ts.length < 5 || (performance.now() < end && ts.length < 2000)) ts.push(once());
  ts.sort((a, b) => a - b);
  return { best: ts[0], median: ts[Math.floor(ts.length / 2)], reps: ts.length };
}

async function main() {
  const backend = process.argv[2] ?? 'auto';
  const budgetMs = Number(process.argv[3] ?? 1500);
  const info = await initBackend(parseBackendPreference(backend));
  for (const s of CROSSOVER_LADDER) {
    const regime = shapeRegime(s);
    const prepared = prepareRun(regime);
    const { n, P, d, k, m } = s;
    const X = tf.tensor2d(prepared.train.X, [n * P, d]);
    const W = tf.tensor2d(prepared.W0, [k * m, d]);
    const Y = oneHotLabels(prepared.train.y, k);
    const c = makeNetConstants({ P, d, k, m }, { q: regime.q, rho: regime.rho });
    const attack: AttackSpec = { norm: 'patch-l2', eps: regime.eps, P, steps: CROSSOVER_K, stepSize: regime.eps, randomStart: false };
    const st = time(() => standardStep(X, Y, W, c, regime.eta, true), budgetMs);
    const at = time(() => adversarialStep(X, Y, W, c, regime.eta, attack, null, true), budgetMs);
    tf.dispose([X, W, Y]);
    disposeNetConstants(c);
    process.stdout.write(
      JSON.stringify({
        shape: s.name,
        backend: info.name,
        threads: info.threads,
        n,
        P,
        d,
        k,
        m,
        flopsPerStep: 4 * n * P * d * k * m,
        standard: st,
        adversarial: at,
      }) + '\n',
    );
  }
}

main().catch((e) => {
  process.stdout.write(
    JSON.stringify({ error: e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e).slice(0, 300) }) + '\n',
    () => process.exit(1),
  );
});

/**
 * Where the time of a training step goes: per-kernel totals from tf.profile for one standard step,
 * one row-space adversarial step and one direct adversarial step of a benchmark shape, on the
 * current backend. `tsx bench/kernels.ts SHAPE [THREADS] [BACKEND]` (run `npm run bench` once first for the data,
 * or it writes it). Prints JSON: per step kind, wall ms and the kernels sorted by time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendPreference } from '../src/backend/select.js';
import { makeNetConstants, oneHotLabels } from '../src/model/network.js';
import { adversarialStep, adversarialStepDirect, standardStep, type StepResult } from '../src/train/train.js';
import type { AttackSpec } from '../src/attack/pgd.js';
import { SHAPES, writeShapeData, type BenchMeta } from './shapes.js';

async function main() {
  const shapeName = process.argv[2] ?? 'medium';
  const threads = Number(process.argv[3] ?? 1);
  const info = await initBackend(parseBackendPreference(process.argv[4] ?? 'wasm'), { wasmThreads: threads });
  const dir = join(dirname(fileURLToPath(import.meta.url)), '.data', shapeName);
  if (!existsSync(join(dir, 'meta.json')))
    writeShapeData(
      SHAPES.find((s) => s.name === shapeName)!,
      dir,
    );
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as BenchMeta;
  const { n, P, d, k, m } = meta;
  const rd = (f: string) => {
    const b = readFileSync(join(dir, f));
    return b;
  };
  const xb = rd('X.f32'),
    wb = rd('W0.f32'),
    yb = rd('y.i32');
  const X = tf.tensor2d(new Float32Array(xb.buffer, xb.byteOffset, xb.byteLength / 4), [n * P, d]);
  const W = tf.tensor2d(new Float32Array(wb.buffer, wb.byteOffset, wb.byteLength / 4), [k * m, d]);
  const Y = oneHotLabels(new Int32Array(yb.buffer, yb.byteOffset, yb.byteLength / 4), k);
  const c = makeNetConstants({ P, d, k, m }, { q: meta.q, rho: meta.rho });
  const attack: AttackSpec = {
    norm: 'patch-l2',
    eps: meta.attack.eps,
    P,
    steps: meta.attack.K,
    stepSize: meta.attack.stepSize,
    randomStart: false,
  };
  const steps: [string, () => StepResult][] = [
    ['standard', () => standardStep(X, Y, W, c, meta.eta, true)],
    ['adversarialRowSpace', () => adversarialStep(X, Y, W, c, meta.eta, attack, null, true)],
    ['adversarialDirect', () => adversarialStepDirect(X, Y, W, c, meta.eta, attack, null)],
  ];
  const out: Record<string, unknown> = { shape: shapeName, backend: info.name, threads: info.threads };
  for (const [name, fn] of steps) {
    const warm = fn();
    warm.check.dataSync();
    tf.dispose([warm.Wn, warm.check]);
    const t0 = performance.now();
    const prof = await tf.profile(() => {
      const r = fn();
      r.check.dataSync();
      tf.dispose([r.Wn, r.check]);
    });
    const wall = performance.now() - t0;
    const agg: Record<string, { calls: number; ms: number }> = {};
    for (const kk of prof.kernels) {
      const a = (agg[kk.name] ??= { calls: 0, ms: 0 });
      a.calls++;
      a.ms += Number(kk.kernelTimeMs);
    }
    const total = Object.values(agg).reduce((s, a) => s + a.ms, 0);
    out[name] = {
      wallMs: wall,
      kernelMs: total,
      kernels: prof.kernels.length,
      byKernel: Object.entries(agg)
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([kname, a]) => ({ kernel: kname, calls: a.calls, ms: +a.ms.toFixed(2), share: +(a.ms / total).toFixed(3) })),
    };
  }
  console.log(JSON.stringify(out, null, 1));
}
main().catch((e) => {
  console.error('error:', e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e).slice(0, 300));
  process.exit(1);
});

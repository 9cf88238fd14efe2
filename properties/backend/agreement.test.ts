/**
 * Cross-backend agreement: on paper-small, standard training with T = 600 gives the same trace on
 * native TensorFlow, WASM and CPU: every logged Λ, Γ and training loss agrees within 1e-5 relative
 * (float32 arithmetic in a different order). Each backend trains in this process on its own block
 * (properties/helpers/backends.ts); the comparison runs last over the backends that loaded (CI
 * requires all three). The pure-JS cpu backend is ~20× slower than the others: in the default
 * profile it trains the first CPU_STEPS steps (the same run, so the same first rows), in the full
 * profile all 600.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { TraceRow } from '../../src/measure/types.js';
import { prepareRun } from '../../src/experiment/prepare.js';
import { disposeRunTensors, makeRunTensors } from '../../src/model/tensors.js';
import { loadScenario } from '../../src/regime/load.js';
import { train } from '../../src/train/train.js';
import type { BackendName } from '../../src/backend/types.js';
import { describeEachBackend, LOADED } from '../helpers/backends.js';
import { testBudget } from '../helpers/testRun.js';

const TOLERANCE = 1e-5;
const regime = { ...loadScenario('paper-small').regime, seed: 0, T: 600 };
const CPU_STEPS = testBudget().profile === 'full' ? regime.T : 100;
const traces = new Map<BackendName, TraceRow[]>();

async function standardTrace(T: number): Promise<TraceRow[]> {
  const run = { ...regime, T };
  const prepared = prepareRun(run);
  const tensors = makeRunTensors(run, prepared.features, prepared.train, prepared.test);
  const W0 = tf.tensor2d(prepared.W0, [run.k * run.m, run.d]);
  try {
    const out = await train(W0, tensors, run, { kind: 'st', attackRng: prepared.streams.attackST, batchRng: prepared.streams.batches });
    out.W.dispose();
    return out.trace;
  } finally {
    W0.dispose();
    disposeRunTensors(tensors);
  }
}

describeEachBackend('paper-small standard training, T = 600', (backend) => {
  const T = backend === 'cpu' ? CPU_STEPS : regime.T;
  it(`trains ${T} steps and logs every row`, async () => {
    const trace = await standardTrace(T);
    expect(trace.map((r) => r.step)).toEqual(Array.from({ length: T / regime.logEvery + 1 }, (_, i) => i * regime.logEvery));
    traces.set(backend, trace);
  });
});

describe('cross-backend agreement', () => {
  it.runIf(LOADED.length >= 2)(`every logged Λ, Γ and loss agrees within ${TOLERANCE} relative across ${LOADED.join(', ')}`, () => {
    const spread: Record<string, number> = {};
    const worst: string[] = [];
    for (const [i, a] of LOADED.entries()) {
      for (const b of LOADED.slice(i + 1)) {
        const ta = traces.get(a)!;
        const tb = traces.get(b)!;
        const rows = Math.min(ta.length, tb.length);
        expect(rows).toBeGreaterThan(1);
        for (const key of ['lambda', 'gamma', 'loss'] as const) {
          const pair = `${a}/${b} ${key}`;
          spread[pair] = 0;
          for (let r = 0; r < rows; r++) {
            const x = ta[r]![key];
            const y = tb[r]![key];
            const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-12);
            if (rel > spread[pair]!) spread[pair] = rel;
            if (rel > TOLERANCE) worst.push(`step ${ta[r]!.step} ${key}: ${a} ${x}, ${b} ${y} (${rel.toExponential(2)})`);
          }
        }
      }
    }
    console.log(
      `[provably] cross-backend spread, paper-small ST (T = ${regime.T}; cpu ${CPU_STEPS}), max relative: ${Object.entries(spread)
        .map(([k, v]) => `${k} ${v.toExponential(2)}`)
        .join(', ')}`,
    );
    expect(worst, worst.slice(0, 5).join('; ')).toEqual([]);
  });
});

import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { initBackend, type BackendInfo, type BackendPreference } from '../backend/select.js';
import type { SeededRegime } from '../regime/types.js';
import { featureMeasures } from '../measure/featureMeasures.js';
import { evaluateNetwork } from '../measure/evaluate.js';
import type { FinalMeasurements } from '../measure/types.js';
import { train, type TrainOutcome, type TrainProgress } from '../train/train.js';
import { prepareRun, type PreparedRun } from './prepare.js';
import { disposeRunTensors, makeRunTensors, type RunTensors } from '../model/tensors.js';
import type { Manifest, RunResult } from './types.js';
import { createStreams, type Rng } from '../random/rng.js';

export interface RunOptions {
  /** @defaultValue "auto" (PROVABLY_BACKEND, else tensorflow → wasm → cpu) */
  backend?: BackendPreference;
  /** Stops training between steps; the result is then marked interrupted. */
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress | { kind: 'eval'; which: 'st' | 'at' }) => void;
  /** Also return the data and the weights W0, W_st, W_at (for export). */
  keepArrays?: boolean;
}

/** Arrays kept with `keepArrays` (weights `[k, m, d]` row-major). */
export interface RunArrays {
  prepared: PreparedRun;
  Wst: Float32Array;
  Wat: Float32Array;
}

/**
 * Runs one experiment: draws the data, initialises one W0, and trains ST and AT from that same W0 on
 * the same data (docs/model.md#training), then measures both (docs/model.md#measurements). Frees every tensor it made.
 */
export async function runExperiment(regime: SeededRegime, opts: RunOptions = {}): Promise<RunResult & { arrays?: RunArrays }> {
  const backend = await initBackend(opts.backend ?? undefined);
  const started = new Date();
  const t0 = performance.now();
  const prepared = prepareRun(regime);
  const tensors = makeRunTensors(regime, prepared.features, prepared.train, prepared.test);
  const W0 = tf.tensor2d(prepared.W0, [regime.k * regime.m, regime.d]);
  try {
    const init = featureMeasures(W0, tensors.Ut, tensors.Vt, tensors.xi2, regime.k, regime.m);
    const st = await train(W0, tensors, regime, {
      kind: 'st',
      attackRng: prepared.streams.attackST,
      batchRng: prepared.streams.batches,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    const stFinal = finalise(st, tensors, regime, prepared.streams.evalPgd, opts, 'st');
    // AT replays ST's mini-batch order and PGD evaluation starts from fresh copies of those streams.
    const fresh = freshStreams(regime);
    const atOutcome = st.interrupted
      ? { W: tf.clone(W0), trace: [], steps: 0, diverged: null, interrupted: true }
      : await train(W0, tensors, regime, {
          kind: 'at',
          attackRng: prepared.streams.attackAT,
          batchRng: fresh.batches,
          signal: opts.signal,
          onProgress: opts.onProgress,
        });
    const atFinal = finalise(atOutcome, tensors, regime, fresh.evalPgd, opts, 'at');
    const arrays = opts.keepArrays
      ? { prepared, Wst: Float32Array.from(st.W.dataSync()), Wat: Float32Array.from(atOutcome.W.dataSync()) }
      : undefined;
    tf.dispose([st.W, atOutcome.W]);
    const manifest = runManifest(backend, started, t0);
    return {
      regime,
      init: { lambda: init.lambda, gamma: init.gamma, lambdaMean: init.lambdaMean, gammaMean: init.gammaMean, xi: init.xi },
      st: stFinal,
      at: atFinal,
      traces: { st: st.trace, at: atOutcome.trace },
      interrupted: st.interrupted || atOutcome.interrupted,
      manifest,
      ...(arrays ? { arrays } : {}),
    };
  } finally {
    W0.dispose();
    disposeRunTensors(tensors);
  }
}

/**
 * Streams drawn anew from the seed, so AT sees the same mini-batch order and the same PGD random
 * starts at evaluation as ST did (a paired comparison).
 */
function freshStreams(regime: SeededRegime) {
  return createStreams(regime.seed);
}

function finalise(
  o: TrainOutcome,
  t: RunTensors,
  regime: SeededRegime,
  evalRng: Rng,
  opts: RunOptions,
  which: 'st' | 'at',
): FinalMeasurements {
  opts.onProgress?.({ kind: 'eval', which });
  const fm = featureMeasures(o.W, t.Ut, t.Vt, t.xi2, regime.k, regime.m);
  const ev = evaluateNetwork(o.W, t, regime, evalRng);
  return { ...fm, ...ev, steps: o.steps, diverged: o.diverged };
}

/** The manifest of a run that started at `started` (wall clock) and `t0` (performance.now()). */
export function runManifest(backend: BackendInfo, started: Date, t0: number): Manifest {
  return {
    backend: backend.name,
    backendVersion: backend.version,
    backendReason: backend.reason,
    precision: backend.precision,
    threads: backend.threads,
    node: process.version,
    cpu: cpuDescription(),
    started: started.toISOString(),
    wallSeconds: (performance.now() - t0) / 1000,
  };
}

export function cpuDescription(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`;
}

/**
 * Resource estimates (issue #6): the memory and time a regime needs on a backend, and this
 * machine's limits, so that a run that cannot fit is refused before any training (the refusal and
 * its message are the CLI's, src/cli/resourceGuard.ts).
 *
 * The estimates are deliberately simple, counted from the engine's tensors (src/experiment,
 * src/train, src/attack, src/measure): one "array" is `n·P·d` float32 values, one "activation"
 * `n·P·k·m`. They are meant to be right within a factor of about two, which is all a guard needs:
 * a regime a hundred times too big is refused, and one that fits is never refused.
 */
import os from 'node:os';
import type { BackendName } from '../experiment/types.js';
import type { Regime } from '../regime/types.js';

/**
 * Sustained float32 throughput assumed per backend, in FLOP/s, conservative (a loaded 2-core CI
 * machine; see bench/ for measurements). wasm: 5 GFLOP/s; native TensorFlow: 20 GFLOP/s; the
 * pure-JavaScript cpu backend: 0.5 GFLOP/s.
 */
export const FLOP_RATE: Readonly<Record<BackendName, number>> = Object.freeze({ tensorflow: 20e9, wasm: 5e9, cpu: 0.5e9 });

/**
 * Fixed cost per pass of a training step (op dispatch, one scalar read, a yield to the event loop),
 * in seconds: what dominates small regimes, where the FLOP count alone would promise microseconds.
 * An ST step is one pass; an AT step 1 + K (its attack steps).
 */
export const STEP_OVERHEAD_SECONDS = 0.002;

/** Longest estimated time a `verify` may take without `--force`: 2 hours. */
export const TIME_LIMIT_SECONDS = 2 * 3600;

/** The largest heap a WASM (wasm32) module can address: 4 GiB. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;

/** Share of the machine's RAM a run may plan to use; the rest is the OS, Node and headroom. */
export const MEMORY_FRACTION = 0.75;

const FLOAT32_BYTES = 4;

/** Memory and time of one run (ST + AT + measurements + evaluation) of a regime. */
export interface ResourceEstimate {
  /** Peak bytes of tensors on the backend (the WASM heap for wasm). */
  backendBytes: number;
  /** Bytes of the JavaScript arrays: data, noise and weights as drawn by `prepareRun`. */
  hostBytes: number;
  /** Floating-point operations of the whole run. */
  flops: number;
  /** Training steps, ST and AT together. */
  steps: number;
  /** Estimated wall seconds on the backend: flops / FLOP_RATE + T·(2 + K) · STEP_OVERHEAD_SECONDS. */
  seconds: number;
}

/** What this machine allows a run. */
export interface ResourceLimits {
  /** Bytes of RAM a run may use (host + backend). */
  memoryBytes: number;
  /** Bytes the backend may hold (the WASM heap for wasm, else the RAM limit). */
  backendBytes: number;
  /** Seconds a whole invocation may take without `--force`. */
  seconds: number;
  /** The RAM of the machine, for messages. */
  totalMemoryBytes: number;
}

/** The sizes that drive a run's cost. */
export type CostRegime = Pick<Regime, 'k' | 'd' | 'P' | 'm' | 'nTrain' | 'nTest' | 'T' | 'K' | 'batchSize' | 'logEvery' | 'evalSteps'>;

/** Memory and time of one run of `regime` on `backend`. Pure. */
export function estimateRun(regime: CostRegime, backend: BackendName): ResourceEstimate {
  const { k, d, P, m, nTrain, nTest, T, K, logEvery, evalSteps } = regime;
  const nBatch = regime.batchSize === null ? nTrain : Math.min(regime.batchSize, nTrain);
  const array = (n: number) => n * P * d * FLOAT32_BYTES;
  const activation = (n: number) => n * P * k * m * FLOAT32_BYTES;
  // Multiply-adds of X·Wᵀ over n samples; a matrix product costs 2 FLOPs per multiply-add.
  const macs = (n: number) => n * P * d * k * m;

  // prepareRun: X and ξ of the training and the test set, as Float32Array.
  const hostBytes = 2 * array(nTrain) + 2 * array(nTest) + 3 * k * m * d * FLOAT32_BYTES;
  // Kept on the backend for the whole run: training inputs and noise, test inputs.
  const persistent = 2 * array(nTrain) + array(nTest);
  // An AT step: the batch, δ, X + δ and the attack's gradient, with the network's activations.
  const trainPeak = 5 * array(nBatch) + 6 * activation(nBatch);
  // Evaluation: k+1 perturbed copies of the test set at once, or PGD's iterate, best δ and gradient.
  const evalPeak = Math.max(k + 1, 4) * array(nTest) + 6 * activation(nTest);
  const backendBytes = persistent + Math.max(trainPeak, evalPeak);

  const rows = Math.ceil(T / logEvery) + 1;
  const stStep = 4 * macs(nBatch); // forward + weight gradient
  const atStep = stStep + 4 * K * macs(nBatch); // + K attack steps (forward + input gradient)
  const logRow = 4 * macs(nTrain) + 2 * macs(nTest); // Ξ, clean train and test metrics
  const evaluation = 6 * macs(nTrain) + (2 * (k + 2) + 4 * evalSteps + 2) * macs(nTest);
  const flops = T * (stStep + atStep) + 2 * rows * logRow + 2 * evaluation;
  const steps = 2 * T;
  // Overhead: one unit per ST step, 1 + K per AT step (the attack's passes dispatch as many ops).
  const seconds = flops / FLOP_RATE[backend] + T * (2 + K) * STEP_OVERHEAD_SECONDS;
  return { backendBytes, hostBytes, flops, steps, seconds };
}

/** The limits of this machine for `backend`. */
export function machineLimits(backend: BackendName, totalMemoryBytes: number = os.totalmem()): ResourceLimits {
  const memoryBytes = MEMORY_FRACTION * totalMemoryBytes;
  return {
    memoryBytes,
    backendBytes: backend === 'wasm' ? Math.min(WASM_HEAP_BYTES, memoryBytes) : memoryBytes,
    seconds: TIME_LIMIT_SECONDS,
    totalMemoryBytes,
  };
}

/** One planned run for {@link assessResources}. */
export interface CostedRun {
  /** For messages: the scenario's name. */
  label: string;
  regime: CostRegime;
}

/** Why a plan does not fit this machine: the first run over a memory limit, or the time limit. */
export type ResourceShortfall =
  /** Run `run` needs more backend memory (the WASM heap for wasm) than `limits.backendBytes`. */
  | { kind: 'backend-memory'; run: number }
  /** Run `run` needs more RAM, arrays and tensors together, than `limits.memoryBytes`. */
  | { kind: 'memory'; run: number }
  /** The plan takes longer than `limits.seconds`; run `slowest` is its slowest run. */
  | { kind: 'time'; slowest: number };

/** Result of {@link assessResources}. */
export interface ResourceAssessment {
  /** One per planned run, in order. */
  estimates: ResourceEstimate[];
  /** Estimated wall seconds of the whole plan (the runs' sum ÷ the runs trained at once). */
  totalSeconds: number;
  limits: ResourceLimits;
  /** What does not fit, or undefined when everything does. */
  shortfall?: ResourceShortfall;
}

/**
 * Estimates every planned run against the machine's limits. Memory is checked per run (runs are
 * sequential and free their tensors); time for the whole plan.
 *
 * @param force - skip the time limit (never the memory limit: a run that cannot fit would crash)
 */
export function assessResources(
  runs: readonly CostedRun[],
  backend: BackendName,
  options: {
    force?: boolean;
    limits?: ResourceLimits;
    /** Runs trained at once (--jobs): the time divides by it. @defaultValue 1 */ parallel?: number;
  } = {},
): ResourceAssessment {
  const limits = options.limits ?? machineLimits(backend);
  const estimates = runs.map((r) => estimateRun(r.regime, backend));
  const totalSeconds = estimates.reduce((s, e) => s + e.seconds, 0) / Math.max(1, options.parallel ?? 1);
  const out: ResourceAssessment = { estimates, totalSeconds, limits };
  for (const [run, e] of estimates.entries()) {
    if (e.backendBytes > limits.backendBytes) return { ...out, shortfall: { kind: 'backend-memory', run } };
    if (e.backendBytes + e.hostBytes > limits.memoryBytes) return { ...out, shortfall: { kind: 'memory', run } };
  }
  if (!options.force && totalSeconds > limits.seconds) {
    const slowest = estimates.reduce((best, e, i) => (e.seconds > estimates[best]!.seconds ? i : best), 0);
    return { ...out, shortfall: { kind: 'time', slowest } };
  }
  return out;
}
